/**
 * Where the Stageplay package is installed, found from this file rather than from the current
 * directory, so that `stageplay` run from any folder finds its own sample process and version.
 */
import fs from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

/** The folder holding Stageplay's package.json (this file lives in src/cli/ or dist/src/cli/). */
export function packageRoot(): string {
    if (cachedRoot) return cachedRoot;
    let dir = __dirname;
    for (;;) {
        const manifest = path.join(dir, 'package.json');
        if (fs.existsSync(manifest)) {
            const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
            if (name === 'stageplay') return (cachedRoot = dir);
        }
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`Stageplay's package.json was not found above ${__dirname}.`);
        dir = parent;
    }
}

export function packageVersion(): string {
    const manifest = path.join(packageRoot(), 'package.json');
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** The sample process shipped with the package: its SFDX source folder. */
export function shippedProcessDir(): string {
    return path.join(packageRoot(), 'force-app', 'main', 'default');
}

/** Names a process folder for messages: says when it is the shipped sample rather than the user's own. */
export function describeProcessDir(dir: string): string {
    const absolute = path.resolve(dir);
    return absolute === shippedProcessDir()
        ? `the sample process shipped with Stageplay (${absolute})`
        : absolute;
}
