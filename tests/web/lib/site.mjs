// The seeded site every scenario runs against: one collector, four users (one per role), and two
// fixture hosts reported by the real agent: the point-of-sale terminal (PIN pad, receipt
// printer, barcode scanner; a package named <script>alert(1)</script> added to its dpkg status)
// at "Sucursal Centro" and the laptop at "Oficina Norte".
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { FixtureHost } from './agent.mjs';
import { Collector } from './collector.mjs';

export const XSS_PACKAGE = '<script>alert(1)</script>';
export const PIN_PAD = { vendor: '08e6', product: '3478' };        // Gemalto PinPad
export const RECEIPT_PRINTER = { vendor: '04b8', product: '0e03' };  // Epson TM-T20
export const SCANNER = { vendor: '0c2e', product: '0b81' };          // Honeywell Voyager 1400g

function password() {
    return `${randomBytes(15).toString('base64url')}-Aa9`;
}

export class Site {
    constructor({ collector, agent, fixtures, dir }) {
        this.dir = dir;
        this.collector = new Collector(collector, join(dir, 'collector'));
        this.agentBinary = agent;
        this.fixtures = fixtures;
        this.users = {
            admin: { role: 'admin', password: password() },
            tech: { role: 'technician', password: password() },
            boss: { role: 'manager', password: password() },
            cajero: { role: 'read-only', password: password() },  // locked out by a scenario
        };
        this.pos = null;
        this.laptop = null;
        this.state = {};  // what scenarios learn and later ones use (ticket number, ...)
    }

    get base() {
        return this.collector.base;
    }

    async start() {
        await this.collector.start();
    }

    async addUsers() {
        for (const [name, user] of Object.entries(this.users)) {
            await this.collector.addUser(name, user.role, user.password);
        }
    }

    host(name) {
        return new FixtureHost({ agent: this.agentBinary, fixtures: this.fixtures, host: name,
                                 dir: join(this.dir, name) });
    }

    async enrolHosts() {
        const fingerprint = await this.collector.fingerprint();
        this.pos = this.host('pos-terminal');
        this.pos.addPackage(XSS_PACKAGE, '1.0-1');
        this.laptop = this.host('laptop');
        const plan = [[this.pos, 'Sucursal Centro'], [this.laptop, 'Oficina Norte']];
        for (const [host, site] of plan) {
            await host.enrol(this.base, await this.collector.createToken(site), fingerprint);
            await host.once(this.base);
        }
    }
}
