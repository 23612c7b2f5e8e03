/**
 * `npm run preview`: builds the preview (demo data + compiled components) and serves it on 127.0.0.1.
 *
 *   npm run preview -- --port 4321      (or PORT=4321; 0 picks a free port)
 *   npm run preview -- --no-build       (serve the last build in out/preview)
 *   npm run preview -- --force          (recompile even if no component or stand-in changed)
 *
 * Says what it is doing while it builds (a cold compile takes a minute or two), prints the URL once the
 * page can be loaded, and on Ctrl-C or SIGTERM closes its connections and frees the port before it
 * exits. The browser tests and the render benchmark start it the same way through `startPreviewServer`.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildPreview, DEFAULT_OUT_DIR, REPO_ROOT } from './build';
import { buildPreviewData } from './data/buildPreviewData';

const SLDS_ASSETS = join(REPO_ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
export const DEFAULT_PORT = 4321;

const CONTENT_TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.png': 'image/png'
};

/** Resolves `urlPath` inside `root`, refusing anything that escapes it. */
function fileIn(root: string, urlPath: string): string | null {
    const file = normalize(join(root, decodeURIComponent(urlPath)));
    if (!file.startsWith(root + sep)) return null;
    return existsSync(file) && statSync(file).isFile() ? file : null;
}

export interface PreviewServer {
    url: string;
    port: number;
    server: Server;
    close(): Promise<void>;
}

export interface StartOptions {
    port?: number;
    build?: boolean;
    /** Recompile even when no input of the bundle changed. */
    force?: boolean;
    outDir?: string;
    log?: (line: string) => void;
}

export async function startPreviewServer(options: StartOptions = {}): Promise<PreviewServer> {
    const outDir = options.outDir ?? DEFAULT_OUT_DIR;
    const log = options.log ?? (() => undefined);
    let ready = false;

    const server = createServer((request, response) => {
        const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
        if (request.method !== 'GET' && request.method !== 'HEAD') {
            response.writeHead(405, { Allow: 'GET, HEAD' }).end();
            return;
        }
        if (!ready) {
            response
                .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '10' })
                .end('The Stageplay preview is still being built: reload in a moment.\n');
            return;
        }
        const file = path.startsWith('/assets/')
            ? fileIn(SLDS_ASSETS, path.slice('/assets'.length))
            : fileIn(outDir, path === '/' ? '/index.html' : path);
        if (!file) {
            log(`404 ${path}`);
            response
                .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
                .end(`Not found: ${path}\n`);
            return;
        }
        response.writeHead(200, {
            'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
            'Cache-Control': 'no-store'
        });
        if (request.method === 'HEAD') response.end();
        else createReadStream(file).pipe(response);
    });
    // The port is taken first: a port in use fails in a second, not after a two-minute compile.
    const wanted = options.port ?? DEFAULT_PORT;
    await new Promise<void>((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) =>
            reject(
                error.code === 'EADDRINUSE'
                    ? new Error(
                          `port ${wanted} on 127.0.0.1 is in use (another preview still running?). Stop it, or pick ` +
                              'another port: `npm run preview -- --port 4322`, or PORT=4322, or 0 for any free port.'
                      )
                    : error
            )
        );
        server.listen(wanted, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const close = () =>
        new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            // A browser's keep-alive connections would otherwise hold the process (and so the port) open.
            server.closeAllConnections();
        });

    try {
        if (options.build !== false) {
            const started = Date.now();
            log('Generating the demo history for the preview ...');
            const data = await buildPreviewData();
            const result = await buildPreview(data, outDir, { force: options.force, onProgress: log });
            log(
                `${result.reused ? 'Reused the bundle of' : 'Built'} ${result.components.length} components` +
                    ` in ${((Date.now() - started) / 1000).toFixed(1)} s` +
                    ` (${data.deals.length} demo deals, ${data.source})`
            );
            for (const warning of result.warnings) log(`warning: ${warning}`);
        } else if (!existsSync(join(outDir, 'index.html'))) {
            throw new Error(`${outDir} holds no preview build: run without --no-build first.`);
        }
    } catch (error) {
        await close();
        throw error;
    }
    ready = true;
    return { url: `http://127.0.0.1:${port}/`, port, server, close };
}

function parsePort(argv: string[]): number {
    const index = argv.indexOf('--port');
    const text = index >= 0 ? argv[index + 1] : process.env.PORT;
    if (text === undefined || text === '') return DEFAULT_PORT;
    const port = Number(text);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error(`--port/PORT must be an integer from 0 to 65535, got "${text}".`);
    }
    return port;
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    let preview: PreviewServer | null = null;
    let stopping = false;
    const stop = (why: string) => {
        if (stopping) return;
        stopping = true;
        if (!preview) {
            console.log(`Preview stopped before it started (${why}).`);
            process.exit(0);
        }
        const { port } = preview;
        void preview.close().finally(() => {
            console.log(`Preview stopped (${why}); port ${port} is free again.`);
            process.exit(0);
        });
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => stop(signal));
    // Run through `npm run preview`, the server is a grandchild of npm: when npm is stopped by its PID,
    // the shell between them dies without passing the signal on, so a server whose parent is gone stops itself.
    const parent = process.ppid;
    setInterval(() => {
        if (process.ppid !== parent) stop('the process that started it has ended');
    }, 1_000).unref();

    preview = await startPreviewServer({
        port: parsePort(argv),
        build: !argv.includes('--no-build'),
        force: argv.includes('--force'),
        log: (line) => console.log(line)
    });
    console.log(`Stageplay preview: ${preview.url}   (Ctrl-C stops it)`);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(`preview: ${(error as Error).message}`);
        process.exit(1);
    });
}
