// QoS 1 telemetry from MQTT.js clients, driven by CompareBenchmark (generator=mqttjs) over stdin and stdout.
// The same load as its Netty generator: client i connects as load-i with username L<i> (a tbmock device's
// token; mosquitto and Moquette take any), publishes {"temperature":2x.5,"humidity":61,"seq":n} to
// v1/devices/me/telemetry at QoS 1 and keeps `window` publishes unacknowledged.
//
//   node load.js <host> <port> <clients> <window>
// prints "ready" once every client is connected and publishing, then answers one line per command:
//   acked         -> PUBACKs received since the start
//   record        -> "ok"; latencies are recorded afresh from now
//   latency <q>   -> the recorded PUBACK latency at quantile q (0.5, 0.99) in whole microseconds, -1 if none
//   stop          -> closes the clients and exits
'use strict';
const mqtt = require('mqtt');
const readline = require('readline');

const [host, port, clients, window] = process.argv.slice(2);
const MAX_MICROS = 1000000;
const counts = new Float64Array(MAX_MICROS + 1);
let acked = 0;
let recording = false;
const connections = [];

function publish(client, seq) {
  const sent = process.hrtime.bigint();
  const payload = `{"temperature":${20 + (seq % 10)}.5,"humidity":61,"seq":${seq}}`;
  client.publish('v1/devices/me/telemetry', payload, { qos: 1 }, (error) => {
    if (error) {
      return; // the client is closing
    }
    acked++;
    if (recording) {
      counts[Math.min(Number((process.hrtime.bigint() - sent) / 1000n), MAX_MICROS)]++;
    }
    publish(client, client.nextSeq++);
  });
}

function percentile(quantile) {
  let total = 0;
  for (let i = 0; i <= MAX_MICROS; i++) total += counts[i];
  if (total === 0) return -1;
  const rank = Math.ceil(quantile * total);
  let seen = 0;
  for (let i = 0; i <= MAX_MICROS; i++) {
    seen += counts[i];
    if (seen >= rank) return i;
  }
  return MAX_MICROS;
}

function connect(i) {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect({
      host, port: Number(port), clientId: `load-${i}`, username: `L${i}`, protocolVersion: 4, clean: true,
      reconnectPeriod: 0, keepalive: 60,
    });
    client.nextSeq = 0;
    client.once('connect', () => {
      for (let w = 0; w < Number(window); w++) publish(client, client.nextSeq++);
      resolve(client);
    });
    client.once('error', reject);
    client.once('close', () => reject(new Error(`client load-${i} closed before its CONNACK`)));
  });
}

async function main() {
  for (let i = 0; i < Number(clients); i++) connections.push(await connect(i));
  process.stdout.write('ready\n');
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, argument] = line.trim().split(/\s+/);
    if (command === 'acked') {
      process.stdout.write(`${acked}\n`);
    } else if (command === 'record') {
      counts.fill(0);
      recording = true;
      process.stdout.write('ok\n');
    } else if (command === 'latency') {
      process.stdout.write(`${percentile(Number(argument))}\n`);
    } else if (command === 'stop') {
      connections.forEach((client) => client.end(true));
      process.exit(0);
    }
  }).on('close', () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
