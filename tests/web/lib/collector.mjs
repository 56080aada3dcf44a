// parque-collector for the browser test: its own data dir and configuration file (so nothing in
// /etc/parque is read), started on an ephemeral loopback port, administered with the same
// binary's commands (users, enrolment tokens) on the same database, stopped whatever happens.
import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

import { runOk, sleep } from './process.mjs';

export class Collector {
    constructor(binary, dir) {
        this.binary = binary;
        this.dir = dir;
        this.dataDir = join(dir, 'data');
        this.configFile = join(dir, 'collector.properties');
        this.lines = [];
        this.process = null;
        this.port = 0;
        mkdirSync(this.dataDir, { recursive: true });
        writeFileSync(this.configFile, [
            '# written by tests/web/browser_test.mjs',
            `collector.data_dir = ${this.dataDir}`,
            'collector.listen = 127.0.0.1',
            'collector.threads = 8',
            '',
        ].join('\n'));
    }

    get base() {
        return `https://127.0.0.1:${this.port}`;
    }

    // One administration command (`token create ...`, `user add ...`) on this collector's data.
    async admin(...args) {
        const result = await runOk(this.binary,
            [...args, '--config', this.configFile, '--data-dir', this.dataDir],
            { timeoutMs: 60_000 });
        return result.stdout.trim();
    }

    async addUser(name, role, password) {
        const file = join(this.dir, `password-${name}`);
        writeFileSync(file, password, { mode: 0o600 });
        return this.admin('user', 'add', name, '--role', role, '--password-file', file);
    }

    async createToken(site) {
        const out = await this.admin('token', 'create', '--site', site, '--uses', '1',
                                     '--expires', '1h');
        return out.split('\n').pop();
    }

    // The JSON API as a read-only token holder (to check what the agents delivered).
    async api(path) {
        this.apiToken ??= (await this.admin('api-token', 'create', '--name', 'browser-test',
                                            '--role', 'read-only')).split('\n').pop();
        const reply = await this.get(path, { Authorization: `Bearer ${this.apiToken}` });
        if (reply.status !== 200) {
            throw new Error(`GET ${path}: ${reply.status} ${reply.body.slice(0, 300)}`);
        }
        return JSON.parse(reply.body);
    }

    async fingerprint() {
        return (await this.admin('fingerprint')).split('\n').pop();
    }

    // Starts the server (port 0: the kernel picks a free one, read back from its log line).
    async start(timeoutMs = 60_000) {
        this.process = spawn(this.binary, ['--config', this.configFile, '--data-dir', this.dataDir,
                                           '--port', '0', '--listen', '127.0.0.1'],
                             { stdio: ['ignore', 'pipe', 'pipe'] });
        const keep = (chunk) => this.lines.push(...chunk.toString().split('\n').filter(Boolean));
        this.process.stdout.on('data', keep);
        this.process.stderr.on('data', keep);
        this.exited = new Promise((resolve) => this.process.on('exit', resolve));
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
            for (const line of this.lines) {
                const found = /listening on https:\/\/[^/]*:(\d+)\//.exec(line);
                if (found) {
                    this.port = Number(found[1]);
                    await this.waitHealthy(deadline);
                    return;
                }
            }
            if (this.process.exitCode !== null) {
                break;
            }
            await sleep(50);
        }
        throw new Error(`the collector did not start:\n${this.output()}`);
    }

    async waitHealthy(deadline) {
        let last = '';
        while (Date.now() < deadline) {
            try {
                const reply = await this.get('/healthz');
                if (reply.status === 200) {
                    return;
                }
                last = `status ${reply.status}: ${reply.body.slice(0, 200)}`;
            } catch (error) {
                last = error.message;
            }
            await sleep(100);
        }
        throw new Error(`/healthz never answered 200 (${last})\n${this.output()}`);
    }

    // GET over TLS verified against the collector's own CA (Node checks the 127.0.0.1 SAN).
    get(path, headers = {}) {
        return new Promise((resolve, reject) => {
            const ca = readFileSync(join(this.dataDir, 'tls', 'ca.pem'));
            const req = request({ host: '127.0.0.1', port: this.port, path, method: 'GET', ca,
                                  headers, timeout: 10_000 }, (res) => {
                let body = '';
                res.setEncoding('utf8');
                res.on('data', (d) => { body += d; });
                res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                              body }));
            });
            req.on('timeout', () => req.destroy(new Error(`GET ${path}: timed out`)));
            req.on('error', reject);
            req.end();
        });
    }

    // The first certificate of <data>/tls/server.pem (the server's own; the CA follows it).
    serverCertificate() {
        const pem = readFileSync(join(this.dataDir, 'tls', 'server.pem'), 'utf8');
        const first = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/.exec(pem);
        if (!first) {
            throw new Error('no certificate in tls/server.pem');
        }
        return new X509Certificate(first[0]);
    }

    // base64(SHA-256(SubjectPublicKeyInfo)) of the server certificate: Chromium's
    // --ignore-certificate-errors-spki-list accepts exactly this key and no other.
    spkiPin() {
        const spki = this.serverCertificate().publicKey.export({ type: 'spki', format: 'der' });
        return createHash('sha256').update(spki).digest('base64');
    }

    output(count = 60) {
        return this.lines.slice(-count).join('\n');
    }

    async stop() {
        if (!this.process || this.process.exitCode !== null || this.process.signalCode) {
            return;
        }
        this.process.kill('SIGTERM');
        const stopped = await Promise.race([this.exited.then(() => true), sleep(10_000)]);
        if (!stopped) {
            this.process.kill('SIGKILL');
            await this.exited;
        }
    }

    // Last resort on process exit (synchronous): no collector is left behind.
    killNow() {
        if (this.process && this.process.exitCode === null && !this.process.signalCode) {
            this.process.kill('SIGKILL');
        }
    }
}
