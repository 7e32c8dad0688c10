// The ceiling for the send benchmark: a minimal pipelined SMTP client (MAIL, RCPT and DATA sent
// together, then the body) over a few connections. No MIME building, no retries: the fastest a
// client can push this message through this server.
import net from 'node:net';

export async function rawSend({ port, connections, count, message }) {
  const body = Buffer.from(message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..') + '\r\n.\r\n');
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, () => connection(port, () => (next < count ? next++ : undefined), body)));
  return { seconds: (performance.now() - started) / 1000 };
}

function connection(port, take, body) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = '';
    const waiting = [];
    const expect = (n) => new Promise((done) => waiting.push({ n, lines: [], done }));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let index;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (line[3] === '-') continue; // multi-line reply, wait for its last line
        const head = waiting[0];
        if (!head) continue; // e.g. the reply to QUIT
        head.lines.push(line);
        if (head.lines.length === head.n) waiting.shift().done(head.lines);
      }
    });
    socket.on('error', reject);
    (async () => {
      await expect(1); // greeting
      socket.write('EHLO bench.local\r\n');
      await expect(1);
      for (let i = take(); i !== undefined; i = take()) {
        socket.write(`MAIL FROM:<bench@example.org>\r\nRCPT TO:<r${i}@example.com>\r\nDATA\r\n`);
        const replies = await expect(3);
        if (!replies[2].startsWith('354')) throw new Error(`unexpected reply ${replies.join(' / ')}`);
        socket.write(body);
        const [done] = await expect(1);
        if (!done.startsWith('250')) throw new Error(`unexpected reply ${done}`);
      }
      socket.end('QUIT\r\n');
      resolve();
    })().catch(reject);
  });
}
