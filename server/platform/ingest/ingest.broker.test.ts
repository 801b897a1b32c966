import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { reportBrokerStart, startEmbeddedBroker } from './ingest.broker.ts';

const noIngest = { enter: async () => ({ accepted: 0 }) } as never;

async function start(port: number) {
  const lines: string[] = [];
  const errors: string[] = [];
  const broker = startEmbeddedBroker({ port, host: '127.0.0.1', ingest: noIngest, authenticate: async () => null });
  const outcome = await reportBrokerStart(broker.ready, port, {
    info: (line) => lines.push(line),
    error: (line) => errors.push(line),
  });
  return { broker, outcome, lines, errors };
}

/** `npm start` with a broker already on the machine's MQTT port (Mosquitto on 1883): one clear line, no error. */
describe('embedded MQTT broker at start', () => {
  it('says in one line that the port is taken and what to do, logs no error, and closes cleanly', async () => {
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const { broker, outcome, lines, errors } = await start(port);
      expect(outcome).toBe('port_in_use');
      expect(errors).toEqual([]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`MQTT port ${port} is already in use`);
      expect(lines[0]).toContain(`MQTT_URL=mqtt://127.0.0.1:${port}`);
      expect(lines[0]).toContain('MQTT_BROKER_PORT=0');
      expect(lines[0]).not.toContain('\n');
      await broker.close();
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('on a free port: listens and says on which', async () => {
    const { broker, outcome, lines, errors } = await start(0);
    expect(outcome).toBe('listening');
    expect(errors).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/^MQTT broker for gateways on port \d+$/)]);
    await broker.close();
  });
});
