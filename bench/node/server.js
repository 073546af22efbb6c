// The reference peer: the tutorial's three endpoints written the idiomatic way with ws 8.x, for
// side-by-side figures. Usage: node server.js PORT
const http = require("http");
const { WebSocketServer, WebSocket } = require("ws");

const port = Number(process.argv[2] || 8090);
const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
const echo = new WebSocketServer({ noServer: true });
const broadcast = new WebSocketServer({ noServer: true });
const json = new WebSocketServer({ noServer: true });

echo.on("connection", (ws) => ws.on("message", (data) => ws.send(`Message text was: ${data}`)));
broadcast.on("connection", (ws) => ws.on("message", (data) => {
  const text = `New message: ${data}`;
  for (const client of broadcast.clients) {
    if (client !== ws && client.readyState === WebSocket.OPEN) client.send(text);
  }
}));
json.on("connection", (ws) => ws.on("message", (data) => {
  try {
    ws.send(JSON.stringify({ message: `Received: ${JSON.parse(data).text}` }));
  } catch {
    ws.send(JSON.stringify({ error: "malformed_json" }));
  }
}));

const routes = { "/ws/echo": echo, "/ws/broadcast": broadcast, "/ws/json": json };
server.on("upgrade", (req, socket, head) => {
  const target = routes[new URL(req.url, "http://x").pathname];
  if (!target) return socket.destroy();
  target.handleUpgrade(req, socket, head, (ws) => target.emit("connection", ws, req));
});
server.listen(port, "127.0.0.1", () => console.log(`node ws peer listening on http://127.0.0.1:${port}/`));
