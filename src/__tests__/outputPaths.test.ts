/**
 * Output folders checked before the work: created one level at a time (never recursive mkdir, which
 * spins forever under /proc on Node 20), every failure a usage error naming the folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkOutputFolder, makeFolder } from '../outputPaths';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-out-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('makeFolder', () => {
    it('creates the missing folders, outermost first, and returns them', () => {
        const target = path.join(root, 'a', 'b', 'c');
        expect(makeFolder(target, '--out')).toEqual([
            path.join(root, 'a'),
            path.join(root, 'a', 'b'),
            target
        ]);
        expect(fs.statSync(target).isDirectory()).toBe(true);
        expect(makeFolder(target, '--out')).toEqual([]);
    });

    it('names a file that stands where a folder must be', () => {
        const file = path.join(root, 'file');
        fs.writeFileSync(file, '');
        expect(() => makeFolder(file, '--out')).toThrow(`--out ${file} is a file; give a folder.`);
        expect(() => makeFolder(path.join(file, 'x', 'y'), '--data')).toThrow(
            `--data ${path.join(file, 'x', 'y')}: ${file} is a file, so the folder cannot be created there.`
        );
    });

    (fs.existsSync('/proc/self') ? it : it.skip)(
        'fails at once where the file system refuses new folders',
        () => {
            expect(() => makeFolder('/proc/stageplay/x', '--out')).toThrow(
                expect.objectContaining({
                    exitCode: 2,
                    message: expect.stringContaining('cannot create the folder /proc/stageplay')
                })
            );
        }
    );
});

describe('checkOutputFolder', () => {
    it('proves the folder writable and leaves nothing behind', () => {
        const target = path.join(root, 'dry', 'run');
        checkOutputFolder(target);
        expect(fs.existsSync(path.join(root, 'dry'))).toBe(false);
    });

    it('keeps an existing folder and its files as they were', () => {
        const target = path.join(root, 'kept');
        fs.mkdirSync(target);
        fs.writeFileSync(path.join(target, 'report.html'), 'x');
        checkOutputFolder(target);
        expect(fs.readdirSync(target)).toEqual(['report.html']);
    });
});
