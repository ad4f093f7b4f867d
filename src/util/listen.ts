import type { AddressInfo, Server } from 'node:net';

/** Starts `server` listening (an HTTP server is a net.Server too); resolves with the address it got, rejects on the listen error. */
export function listenOn(server: Server, port: number, host: string): Promise<{ host: string; port: number }> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const a = server.address() as AddressInfo;
      ok({ host: a.address, port: a.port });
    });
  });
}
