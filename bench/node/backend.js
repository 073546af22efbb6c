// The application's backend for bench/backend: answers at once on loopback, as cheaply as Node can, so that what
// is measured is Roomcast's side of a webhook or a proxy call. Usage: node backend.js PORT
// POST /hooks: 204 (every batch accepted). POST /publish: {"allow":true} (every message as sent).
const http = require("http");

const port = Number(process.argv[2] || 8091);
let events = 0;
let proxied = 0;
http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    if (req.url === "/hooks") {
      events += JSON.parse(Buffer.concat(chunks)).events.length;
      res.writeHead(204).end();
    } else if (req.url === "/publish") {
      proxied++;
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"allow":true}');
    } else if (req.url === "/counts") {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ events, proxied }));
    } else {
      res.writeHead(404).end();
    }
  });
}).listen(port, "127.0.0.1", () => console.log(`backend listening on ${port}`));
