/**
 * `npm run preview` as a user starts and stops it: a port in use says how to pick another at once
 * (before the long compile), and stopping the server frees its port even with a browser still
 * connected. The compile itself is covered by test/browser/preview.test.ts.
 */
import fs from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startPreviewServer } from '../preview/server';

function listen(server: Server, port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-preview-server-'));
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('the preview server', () => {
    it('says how to pick another port when its port is in use, without building first', async () => {
        const other = createServer();
        const port = await listen(other);
        const log: string[] = [];
        try {
            await expect(startPreviewServer({ port, outDir, log: (line) => log.push(line) })).rejects.toThrow(
                `port ${port} on 127.0.0.1 is in use (another preview still running?). Stop it, or pick another port: ` +
                    '`npm run preview -- --port 4322`, or PORT=4322, or 0 for any free port.'
            );
            expect(log).toEqual([]);
        } finally {
            other.close();
        }
    });

    it('frees its port when closed, even with a keep-alive connection open', async () => {
        fs.writeFileSync(path.join(outDir, 'index.html'), '<!doctype html><title>preview</title>');
        const preview = await startPreviewServer({ port: 0, build: false, outDir });
        const agent = new Agent({ keepAlive: true });
        const status = await new Promise<number>((resolve, reject) => {
            const req = request(preview.url, { agent }, (response) => {
                response.resume();
                response.on('end', () => resolve(response.statusCode ?? 0));
            });
            req.on('error', reject);
            req.end();
        });
        expect(status).toBe(200);
        await preview.close();
        agent.destroy();
        // The same port can be taken again at once.
        const again = createServer();
        await expect(listen(again, preview.port)).resolves.toBe(preview.port);
        again.close();
    });

    it('releases the port when the build cannot start', async () => {
        const empty = fs.mkdtempSync(path.join(outDir, 'empty-'));
        const probe = createServer();
        const port = await listen(probe);
        await new Promise<void>((resolve) => probe.close(() => resolve()));
        await expect(startPreviewServer({ port, build: false, outDir: empty })).rejects.toThrow(
            'holds no preview build'
        );
        const again = createServer();
        await expect(listen(again, port)).resolves.toBe(port);
        again.close();
    });
});
