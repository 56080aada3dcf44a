// Child processes for the browser test: one-shot commands with a time limit, and the collector's
// long-running server (see collector.mjs).
import { execFile } from 'node:child_process';

// Runs `command args`, resolves { code, stdout, stderr } whatever the exit status; rejects only
// when it cannot start or overruns `timeoutMs` (then it is killed).
export function run(command, args, { timeoutMs = 60_000, env } = {}) {
    return new Promise((resolve, reject) => {
        execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20,
                                  env: env ?? process.env },
            (error, stdout, stderr) => {
                if (error && typeof error.code !== 'number') {
                    const why = error.killed ? `killed after ${timeoutMs} ms` : error.message;
                    reject(new Error(`${command} ${args.join(' ')}: ${why}\n${stdout}${stderr}`));
                    return;
                }
                resolve({ code: error ? error.code : 0, stdout, stderr });
            });
    });
}

// As run(), but a non-zero exit is an error that quotes the command and its output.
export async function runOk(command, args, options) {
    const result = await run(command, args, options);
    if (result.code !== 0) {
        throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n` +
                        `${result.stdout}${result.stderr}`);
    }
    return result;
}

export function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
