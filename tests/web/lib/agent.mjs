// A fixture host (tests/fixtures/hosts/<name>) reported by the real parque-agent: the tree is
// copied (symlinks kept as they are, relative) so the test can edit it, the agent enrols with a
// one-use token and the pinned CA fingerprint, and each `once` delivers an inventory of the copy.
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync,
         writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { runOk } from './process.mjs';

export class FixtureHost {
    constructor({ agent, fixtures, host, dir }) {
        this.agent = agent;
        this.dir = dir;
        this.root = join(dir, 'root');
        this.stateDir = join(dir, 'state');
        this.configFile = join(dir, 'agent.conf');
        this.deviceId = '';
        mkdirSync(dir, { recursive: true });
        cpSync(join(fixtures, 'hosts', host), this.root, { recursive: true,
                                                            verbatimSymlinks: true });
        // an empty file, so /etc/parque/agent.conf is never read
        writeFileSync(this.configFile, '# settings come from the command line\n');
    }

    // One more dpkg stanza in the copy's status file.
    addPackage(name, version) {
        const status = join(this.root, 'var', 'lib', 'dpkg', 'status');
        const text = readFileSync(status, 'utf8');
        appendFileSync(status, (text.endsWith('\n\n') ? '' : '\n') + [
            `Package: ${name}`,
            'Status: install ok installed',
            'Priority: optional',
            'Section: misc',
            'Installed-Size: 12',
            'Maintainer: Parque tests <tests@example.com>',
            'Architecture: all',
            `Version: ${version}`,
            'Description: sample whose name is markup',
            ' The collector must show this name as text.',
            '', ''].join('\n'));
    }

    // The sysfs directory of the USB device vendor:product in the copy.
    usbDevice(vendor, product) {
        const devices = join(this.root, 'sys', 'bus', 'usb', 'devices');
        for (const entry of readdirSync(devices)) {
            const dir = join(devices, entry);
            const id = (file) => existsSync(join(dir, file))
                ? readFileSync(join(dir, file), 'utf8').trim() : '';
            if (id('idVendor') === vendor && id('idProduct') === product) {
                return dir;
            }
        }
        throw new Error(`no USB device ${vendor}:${product} in ${devices}`);
    }

    usbSerial(vendor, product) {
        return readFileSync(join(this.usbDevice(vendor, product), 'serial'), 'utf8').trim();
    }

    setUsbSerial(vendor, product, serial) {
        writeFileSync(join(this.usbDevice(vendor, product), 'serial'), `${serial}\n`);
    }

    common(server) {
        return ['--config', this.configFile, '--server', `${server}/`, '--state-dir',
                this.stateDir];
    }

    async enrol(server, token, fingerprint) {
        const { stdout } = await runOk(this.agent, ['enroll', ...this.common(server), '--token',
                                                    token, '--ca-fingerprint', fingerprint]);
        const found = /^enrolled as device (\S+)/m.exec(stdout);
        if (!found) {
            throw new Error(`parque-agent enroll said: ${stdout}`);
        }
        this.deviceId = found[1];
        return this.deviceId;
    }

    async once(server) {
        return runOk(this.agent, ['once', ...this.common(server), '--root', this.root,
                                  '--initial-delay', '0'], { timeoutMs: 120_000 });
    }
}
