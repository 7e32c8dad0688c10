// Article pages in the shapes real sites use, written for these tests (our own text).

const para = (text: string) => `<p>${text}</p>`;
const BODY = [
  'Envoys from both sides met in a lakeside hotel on Tuesday for the first direct talks in months, a meeting that officials had played down until the last moment.',
  'The agenda was narrow: prisoner exchanges, the safety of a nuclear plant and the passage of grain ships, according to <a href="/reports/agenda">a summary seen by reporters</a>.',
  'Neither delegation spoke to the press afterwards, but a mediator said the tone was “workmanlike” & that a second round was likely before the end of the month.',
];

export const cmsArticle = `<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>Envoys meet for first direct talks in months | The Example Post</title>
<link rel="canonical" href="https://news.example.com/world/envoys-meet">
<meta property="og:title" content="Envoys meet for first direct talks in months">
<meta property="og:site_name" content="The Example Post">
<meta property="og:description" content="OpenGraph summary that JSON-LD should beat.">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","name":"Example Post website"},
  {"@type":"NewsArticle","headline":"Envoys meet for first direct talks in months","description":"A lakeside meeting, played down until the last moment, opens a narrow agenda.",
   "author":[{"@type":"Person","name":"Mara Quill"},{"@type":"Person","name":"Tomas Reed"}],"datePublished":"2024-03-05T09:30:00+01:00",
   "publisher":{"@type":"Organization","name":"The Example Post"},"image":{"@type":"ImageObject","url":"https://news.example.com/img/lake.jpg"}}]}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<div class="share-bar"><a href="https://social.example/share">Share this</a></div>
<article><h1>Envoys meet for first direct talks in months</h1>
<div class="byline">By Mara Quill and Tomas Reed</div>
<figure><img src="/img/lake.jpg" alt="A lake"><figcaption>The hotel by the lake. Photo: Example</figcaption></figure>
<div class="article-body">${BODY.map(para).join('\n')}
<script>trackReader()</script>
<form class="newsletter-signup"><p>Sign up for our daily briefing</p><input name="email"><button>Subscribe</button></form>
</div></article>
<aside class="related"><h2>Keep reading</h2><p>Another story you might like, with a long enough teaser to look like a paragraph of text.</p></aside>
<section class="comments"><p>First! This comment should never end up in the article body at all.</p></section>
<footer><p>© Example Post</p></footer>
</body></html>`;

export const openGraphOnly = `<!doctype html><html><head><meta charset="utf-8">
<title>Grain corridor holds through winter storms - Harbour Herald</title>
<meta property="og:title" content="Grain corridor holds through winter storms">
<meta property="og:description" content="Insurers narrowed premiums as ships kept sailing.">
<meta property="og:site_name" content="Harbour Herald">
<meta property="og:image" content="/images/ship.jpg">
<meta property="article:published_time" content="2024-03-06">
<meta name="author" content="Ines Aldana">
</head><body><main><article>
${para('Ships kept sailing through the improvised corridor this week despite storms that closed two ports for a day, port officials said.')}
${para('Insurers, who had priced the route as a war zone, cut premiums for the second time this winter.')}
<p>Show less</p>
</article></main></body></html>`;

export const titleOnly = `<!doctype html><html><head><title>Parliament delegations agree to keep talking | Daily Example</title></head>
<body><div id="wrap"><h1>Parliament delegations agree to keep talking</h1>
${para('Delegations from two neighbouring parliaments met on the sidelines of a regional forum and agreed, in identical words, to keep talking.')}
${para('The readouts were short and, observers noted, carefully matched, a sign that the wording had been agreed in advance.')}
</div></body></html>`;

export const roundup = `<!doctype html><html><head><meta charset="utf-8">
<title>Diplomacy Watch: A quiet week at the table | Example Statecraft</title>
<meta property="og:site_name" content="Example Statecraft">
<meta name="author" content="Lea Marsh"><meta property="article:published_time" content="2024-03-08T12:00:00Z">
<meta name="description" content="Negotiators paused, but the arguments moved on without them.">
</head><body><article><h1>Diplomacy Watch: A quiet week at the table</h1>
${para('The week was quiet in public, with no new round of talks announced and no envoy on the road.')}
${para('Underneath, the arguments over aid and guarantees kept moving, as <a href="https://example.org/review">one review</a> noted.')}
<p><strong>In other diplomatic news related to the war in Ukraine:</strong></p>
${para('— Three foreign ministers backed a winter ceasefire on energy infrastructure, according to <a href="https://example.org/wire/1">Example Wire</a>.')}
${para('— A mediator helped return a group of children to their families, <a href="https://example.org/times/2">the Sample Times reported</a>.')}
<p><strong>U.S. State Department news:</strong></p>
${para('The State Department did not hold a press briefing this week.')}
<div class="related"><p>Keep reading: another article with a teaser long enough to look like text.</p></div>
</article></body></html>`;

/** A page encoded in windows-1252, declared only in its <meta> tag. */
export function windows1252Page(): Buffer {
  const text = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Caf\u00e9 talks \u201cresume\u201d \u2014 Example</title></head><body><article><h1>Caf\u00e9 talks \u201cresume\u201d</h1>${para('Negotiators met again at the caf\u00e9 on the square, where the bill of \u20ac12 was, for once, split evenly between the delegations.')}</article></body></html>`;
  const map: Record<string, number> = { '\u00e9': 0xe9, '\u201c': 0x93, '\u201d': 0x94, '\u2014': 0x97, '\u20ac': 0x80 };
  return Buffer.from([...text].map((ch) => map[ch] ?? ch.charCodeAt(0)));
}

export const EXPECTED_BODY_TEXT = BODY;
