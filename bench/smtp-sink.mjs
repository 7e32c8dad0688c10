// A loopback SMTP server for the benchmark, in its own process so it does not share a core's
// event loop with the client being measured. Prints its port, then counts accepted messages.
import { SMTPServer } from 'smtp-server';

let accepted = 0;
const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  authOptional: true,
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      accepted++;
      callback(null, 'ok');
    });
  },
});
server.on('error', () => {}); // clients hanging up abruptly are not the benchmark's concern
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.server.address().port }) + '\n');
});
process.on('message', (message) => {
  if (message === 'count') process.send({ accepted });
  if (message === 'reset') {
    accepted = 0;
    process.send({ accepted });
  }
});
