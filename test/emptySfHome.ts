/**
 * The throwaway folders a test that runs the CLI against the stand-in org works in: `work` for its
 * files, and `home` inside it as an empty sf home, so no developer login leaks into the test. Both are
 * removed when the test process exits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function emptySfHome(prefix: string): { work: string; home: string } {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const home = path.join(work, 'home');
    // A fresh `stageplay` process creates these on its own (checked by hand with an empty HOME); loaded
    // once inside Jest, @salesforce/core expects the empty alias store to exist already.
    fs.mkdirSync(path.join(home, '.sf'), { recursive: true });
    fs.mkdirSync(path.join(home, '.sfdx'), { recursive: true });
    fs.writeFileSync(path.join(home, '.sfdx', 'alias.json'), '{"orgs":{}}');
    // Not in afterAll: @salesforce/core keeps refreshing a lock file under the home for a while after a
    // login is saved, and removing the folder earlier would fail that timer inside whichever test file
    // runs next in the worker.
    process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
    return { work, home };
}
