import { escapeUTF8 as escape } from 'entities';
import type { Finding } from '../check/finding.js';

export interface PreviewState {
  week: string;
  version: number;
  subject?: string;
  preheader?: string;
  from?: string;
  /** The last compose error; the last good render stays on show. */
  error?: string;
  findings: Finding[];
  /** Compose's warnings (skipped files and links, ignored fields), as `compose` prints them. */
  warnings: string[];
  text?: string;
}

const PAGE_STYLE = `
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #e9e9ee; color: #1d1d1f; }
  header { background: #fff; padding: 12px 20px; border-bottom: 1px solid #ccc; }
  .inbox { display: grid; grid-template-columns: 180px 1fr; gap: 2px 12px; max-width: 1100px; }
  .inbox dt { color: #666; } .inbox dd { margin: 0; } .preheader { color: #666; }
  nav { margin-top: 8px; } nav button { font: inherit; padding: 4px 12px; border: 1px solid #bbb; background: #f6f6f6; border-radius: 4px; cursor: pointer; }
  nav button[aria-selected="true"] { background: #1f3a5f; color: #fff; border-color: #1f3a5f; }
  .warnings { background: #fff8e1; color: #5f4b00; padding: 4px 20px; border-bottom: 1px solid #f0dc9c; } .warnings ul { margin: 4px 0; padding-left: 16px; }
  .error { background: #fdecea; color: #8a1c12; padding: 10px 20px; border-bottom: 1px solid #f5c2bd; white-space: pre-wrap; }
  main { padding: 16px 20px; }
  .frames { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
  figure { margin: 0; } figcaption { color: #666; margin-bottom: 4px; }
  iframe { border: 1px solid #bbb; background: #fff; height: 1400px; }
  #desktop { width: 680px; } #phone { width: 375px; }
  pre { background: #fff; padding: 16px; border: 1px solid #bbb; max-width: 80ch; white-space: pre-wrap; }
  li.error b { color: #b3261e; } li.warning b { color: #8a6d00; }
  [hidden] { display: none !important; }
`;

/** Tabs remembered across reloads; the page reloads when the server says the build changed. */
const PAGE_SCRIPT = `  const tabs = document.querySelectorAll('[role=tab]');
  const show = (name) => {
    tabs.forEach((t) => t.setAttribute('aria-selected', String(t.dataset.tab === name)));
    for (const id of ['html', 'text', 'preflight']) document.getElementById('tab-' + id).hidden = id !== name;
    sessionStorage.setItem('tab', name);
  };
  tabs.forEach((t) => t.addEventListener('click', () => show(t.dataset.tab)));
  show(sessionStorage.getItem('tab') || 'html');
  new EventSource('/events').onmessage = (event) => { if (Number(event.data) !== version) location.reload(); };
`;

/** The preview page: an inbox line, the email at desktop and phone widths, the text part, the preflight. */
export function previewPage(state: PreviewState): string {
  const hasBuild = state.subject !== undefined;
  const findings = state.findings.length
    ? `<ul>${state.findings.map((f) => `<li class="${f.level}"><b>${f.level}</b> ${escape(f.rule)}: ${escape(f.message)} <small>(${escape(f.where)})</small></li>`).join('')}</ul>`
    : '<p>No findings: the issue passes the preflight.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Preview ${escape(state.week)}${hasBuild ? ` · ${escape(state.subject!)}` : ''}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${PAGE_STYLE}</style></head>
<body>
${state.error ? `<div class="error" role="alert" id="compose-error"><b>Compose failed</b> (${hasBuild ? 'showing the last good build' : 'nothing has built yet: the issue shows here once compose succeeds'}):\n${escape(state.error)}</div>` : ''}
${state.warnings.length ? `<div class="warnings" id="compose-warnings"><ul>${state.warnings.map((w) => `<li>warning: ${escape(w)}</li>`).join('')}</ul></div>` : ''}
<header>
  <dl class="inbox">
    <dt>From</dt><dd id="from">${escape(state.from ?? '')}</dd>
    <dt>Subject</dt><dd id="subject"><b>${escape(state.subject ?? '(no build yet)')}</b></dd>
    <dt>Preheader</dt><dd id="preheader" class="preheader">${escape(state.preheader ?? '')}</dd>
  </dl>
  <nav role="tablist">
    <button role="tab" data-tab="html" aria-selected="true">HTML</button>
    <button role="tab" data-tab="text" aria-selected="false">Plain text</button>
    <button role="tab" data-tab="preflight" aria-selected="false">Preflight (${count(state.findings.filter((f) => f.level === 'error').length, 'error')}, ${count(state.findings.filter((f) => f.level === 'warning').length, 'warning')})</button>
  </nav>
</header>
<main>
  <section id="tab-html" class="frames">
    ${
      hasBuild
        ? `<figure><figcaption>Desktop (600 px column)</figcaption><iframe id="desktop" title="Desktop rendering" src="/email.html?v=${state.version}"></iframe></figure>
    <figure><figcaption>Phone (375 px)</figcaption><iframe id="phone" title="Phone rendering" src="/email.html?v=${state.version}"></iframe></figure>`
        : '<p>No successful build yet: fix the error above; the page reloads by itself.</p>'
    }
  </section>
  <section id="tab-text" hidden><pre id="text">${escape(state.text ?? '')}</pre></section>
  <section id="tab-preflight" hidden>${findings}</section>
</main>
<script>const version = ${state.version};
${PAGE_SCRIPT}</script>
</body></html>`;
}

/** "1 warning", "2 warnings", "0 errors". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
