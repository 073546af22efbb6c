// A second, independent load generator on Node's ws client, for the request/reply scenarios, so that the JDK
// generator's ratios can be checked against a client that shares nothing with it (docs/PERFORMANCE.md).
// Usage: node client.js echo|json BASE_URL SERVER_PID CONNECTIONS SECONDS
// Closed loop: every connection sends, waits for the answer, sends again. The first 2 s warm up and are not
// counted; the server's CPU (utime + stime from /proc) and the generator's own are read at the start and the end
// of the counted window.
// Prints one "result" line like the JDK generator's.
const fs = require("fs");
const { WebSocket } = require("ws");

const [scenario, base, pid, connectionsArg, secondsArg] = process.argv.slice(2);
const connections = Number(connectionsArg);
const seconds = Number(secondsArg);
const message = scenario === "json" ? JSON.stringify({ text: "Hello, FastAPI Server!" }) : "Hello, FastAPI Server!";
const url = new URL(`ws/${scenario}`, base).toString().replace(/^http/, "ws");
const WARMUP_MS = 2000;

function cpuTicks() {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // clock ticks of 10 ms (USER_HZ 100)
}

const latencies = [];
let counting = false;
let finished = false;
let cpuAtStart = 0;
let ownCpuAtStart = null;
let open = 0;

function start() {
  setTimeout(() => { counting = true; cpuAtStart = cpuTicks(); ownCpuAtStart = process.cpuUsage(); }, WARMUP_MS);
  setTimeout(() => {
    finished = true;
    const cpu = cpuTicks() - cpuAtStart;
    const own = process.cpuUsage(ownCpuAtStart);
    latencies.sort((a, b) => a - b);
    const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] || 0;
    const values = {
      client_cpu_us_per_round_trip: (own.user + own.system) / Math.max(1, latencies.length),
      connections,
      cpu_us_per_round_trip: (cpu * 10000) / Math.max(1, latencies.length),
      p50_us: at(50) / 1e3,
      p99_us: at(99) / 1e3,
      round_trips_per_s: latencies.length / seconds,
    };
    const fields = Object.keys(values).sort().map((key) =>
      `${key}=${Number.isInteger(values[key]) ? values[key] : values[key].toFixed(2)}`);
    console.log(`result scenario=${scenario}-node-client ${fields.join(" ")}`);
    process.exit(0);
  }, WARMUP_MS + seconds * 1000);
}

for (let i = 0; i < connections; i++) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  let sentAt = 0n;
  const send = () => { sentAt = process.hrtime.bigint(); socket.send(message); };
  socket.on("open", () => { if (++open === connections) start(); send(); });
  socket.on("message", (data) => {
    if (!data.toString().includes("Hello, FastAPI Server!")) {
      console.error(`${scenario}: unexpected answer ${data}`);
      process.exit(1);
    }
    if (counting && !finished) latencies.push(Number(process.hrtime.bigint() - sentAt));
    if (!finished) send();
  });
  socket.on("error", (error) => { console.error(`${scenario}: ${error.message}`); process.exit(1); });
}
