// parque-collector-load: a load generator for the collector. It enrols simulated devices (each
// with its own key and certificate), then sends GLPI-protocol traffic over mutual TLS:
//   new      one first-time full inventory per device (~900 packages)
//   checkin  unchanged check-ins: a contact, then a partial inventory (bios, hardware,
//            versionclient) - what the agent sends when nothing changed
//   mixed    check-ins where every 10th one carries a changed software list
//   fill     enrol + one small full inventory per device, as fast as possible (storage test)
// It prints a human summary, then one JSON line with the results (for bench/run-*).
#include "parque/pki/Pki.h"
#include "parque/protocol/BodyCodec.h"

#include <Poco/Crypto/EVPPKey.h>
#include <Poco/Crypto/X509Certificate.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

#include <sys/resource.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using Poco::JSON::Array;
using Poco::JSON::Object;

struct Options {
    std::string server;
    std::string token;
    std::string caFile;
    std::string inventoryFile;
    std::string scenario = "checkin";
    std::size_t devices = 100;
    std::size_t concurrency = 8;
    double duration = 20;
    std::size_t packages = 900;
    bool identicalImage = false;
    bool keepAlive = false;  // keep one connection per device across visits
    std::size_t visits = 0;  // checkin, mixed: visits per device in the timed phase (0: duration)
    bool pause = false;      // wait for a line on stdin before the timed phase (profilers)
};

const char* const kUsage =
    "usage: parque-collector-load --server https://HOST:PORT/ --token T --ca FILE\n"
    "       [--devices N] [--concurrency C] [--scenario new|checkin|mixed|fill]\n"
    "       [--duration S] [--inventory FILE] [--packages N] [--identical-image] [--keep-alive]\n"
    "       [--visits N] [--pause-before-timed]\n";

std::size_t toCount(const std::string& name, const std::string& text) {
    std::size_t used = 0;
    const unsigned long long value = std::stoull(text, &used);
    if (used != text.size() || value == 0 || value > 10'000'000) {
        throw std::invalid_argument(name + " must be a positive count, not '" + text + "'");
    }
    return static_cast<std::size_t>(value);
}

Options parseOptions(int argc, char** argv) {
    Options o;
    const std::vector<std::string> args(argv + 1, argv + argc);
    std::map<std::string, std::function<void(const std::string&)>> valued = {
        {"--server", [&](const std::string& v) { o.server = v; }},
        {"--token", [&](const std::string& v) { o.token = v; }},
        {"--ca", [&](const std::string& v) { o.caFile = v; }},
        {"--inventory", [&](const std::string& v) { o.inventoryFile = v; }},
        {"--scenario", [&](const std::string& v) { o.scenario = v; }},
        {"--devices", [&](const std::string& v) { o.devices = toCount("--devices", v); }},
        {"--concurrency",
         [&](const std::string& v) { o.concurrency = toCount("--concurrency", v); }},
        {"--packages", [&](const std::string& v) { o.packages = toCount("--packages", v); }},
        {"--duration", [&](const std::string& v) { o.duration = std::stod(v); }},
        {"--visits", [&](const std::string& v) { o.visits = toCount("--visits", v); }},
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--identical-image") {
            o.identicalImage = true;
        } else if (args[i] == "--keep-alive") {
            o.keepAlive = true;
        } else if (args[i] == "--pause-before-timed") {
            o.pause = true;
        } else if (valued.count(args[i]) > 0 && i + 1 < args.size()) {
            valued[args[i]](args[i + 1]);
            ++i;
        } else {
            throw std::invalid_argument("unexpected argument '" + args[i] + "'\n" + kUsage);
        }
    }
    const std::vector<std::string> scenarios = {"new", "checkin", "mixed", "fill"};
    if (o.server.empty() || o.token.empty() || o.caFile.empty() ||
        std::find(scenarios.begin(), scenarios.end(), o.scenario) == scenarios.end() ||
        !(o.duration > 0)) {
        throw std::invalid_argument(kUsage);
    }
    return o;
}

// ---- deterministic inventory generation ------------------------------------------------------

std::uint64_t mix(std::uint64_t x) {  // splitmix64
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

std::string hex(std::uint64_t value, int digits) {
    static const char* const kDigits = "0123456789abcdef";
    std::string out(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, value >>= 4U) {
        out[static_cast<std::size_t>(i)] = kDigits[value & 0xfU];
    }
    return out;
}

const char* const kMinimalTemplate =
    R"({"action":"inventory","deviceid":"x","itemtype":"Computer","content":{)"
    R"("versionclient":"parque-bench","hardware":{"name":"x","uuid":"x"},)"
    R"("bios":{"ssn":"x","smanufacturer":"Bench Inc.","smodel":"B1"},)"
    R"("operatingsystem":{"name":"Debian GNU/Linux","version":"12"},)"
    R"("networks":[{"description":"eth0","mac":"02:00:00:00:00:01","status":"up"}],)"
    R"("softwares":[]}})";

class InventoryFactory {
public:
    InventoryFactory(std::string templateText, std::size_t packages, bool identicalImage,
                     std::string runTag)
        : template_(std::move(templateText)),
          packages_(packages),
          identical_(identicalImage),
          runTag_(std::move(runTag)) {}

    std::string hostname(std::size_t device) const {
        return "bench-" + runTag_ + "-" + std::to_string(device);
    }

    // A full inventory; `generation` > 0 bumps a few package versions (a changed software set).
    Object::Ptr full(std::size_t device, unsigned generation, bool padPackages) const {
        Poco::JSON::Parser parser;
        Object::Ptr root = parser.parse(template_).extract<Object::Ptr>();
        const std::uint64_t seed = mix(device + 1);
        const std::string host = hostname(device);
        root->set("action", "inventory");
        root->set("deviceid", host + "-2024-01-01-00-00-00");
        root->remove("partial");
        Object::Ptr content = root->getObject("content");
        setIn(content, "hardware", "name", host);
        setIn(content, "hardware", "uuid",
              hex(mix(seed), 8) + "-" + hex(seed, 4) + "-4" + hex(seed >> 16U, 3) + "-8" +
                  hex(seed >> 28U, 3) + "-" + hex(mix(seed + 7), 12));
        setIn(content, "bios", "ssn", "SN" + hex(seed, 10));
        setIn(content, "bios", "msn", "/" + hex(seed, 7) + "/CN" + hex(mix(seed), 12) + "/");
        if (const Array::Ptr networks = content->getArray("networks")) {
            for (std::size_t i = 0; i < networks->size(); ++i) {
                Object::Ptr nic = networks->getObject(static_cast<unsigned>(i));
                if (nic && nic->optValue<std::string>("mac", "") != "00:00:00:00:00:00") {
                    nic->set("mac", mac(seed, i));
                }
            }
        }
        if (padPackages) {
            content->set("softwares",
                         softwares(content->getArray("softwares"), device, generation));
        }
        return root;
    }

    // What the agent sends when only `sections` (besides bios, hardware, versionclient) changed.
    static Object::Ptr partial(const Object::Ptr& full, const std::vector<std::string>& sections) {
        Object::Ptr out = new Object;
        for (const char* key : {"action", "deviceid", "itemtype", "tag"}) {
            if (full->has(key)) {
                out->set(key, full->get(key));
            }
        }
        out->set("partial", true);
        const Object::Ptr from = full->getObject("content");
        Object::Ptr content = new Object;
        std::vector<std::string> keep = {"bios", "hardware", "versionclient"};
        keep.insert(keep.end(), sections.begin(), sections.end());
        for (const std::string& key : keep) {
            if (from->has(key)) {
                content->set(key, from->get(key));
            }
        }
        out->set("content", content);
        return out;
    }

private:
    static void setIn(Object::Ptr content, const std::string& section, const std::string& key,
                      const std::string& value) {
        if (!content->has(section)) {
            content->set(section, Object::Ptr(new Object));
        }
        content->getObject(section)->set(key, value);
    }

    static std::string mac(std::uint64_t seed, std::size_t nic) {
        const std::uint64_t bits = mix(seed + nic);
        std::string out = "02";
        for (unsigned shift = 0; shift < 40U; shift += 8U) {
            out += ":" + hex(bits >> shift, 2);
        }
        return out;
    }

    // The template's packages, then generated ones up to packages_. Unless identical_, each
    // device has 2% of its packages from a device-specific pool and some other patch levels.
    Array::Ptr softwares(const Array::Ptr& base, std::size_t device, unsigned generation) const {
        Array::Ptr out = new Array;
        const std::size_t have = base ? base->size() : 0;
        for (std::size_t i = 0; i < have; ++i) {
            out->add(base->get(static_cast<unsigned>(i)));
        }
        const std::size_t wanted = packages_ > have ? packages_ - have : 0;
        const std::size_t own = identical_ ? 0 : wanted / 50;
        for (std::size_t i = 0; i < wanted; ++i) {
            const bool fromPool = i >= wanted - own;
            const std::uint64_t id =
                fromPool ? 100000 + mix(device * 131 + i) % 400 : static_cast<std::uint64_t>(i);
            std::uint64_t level = identical_ ? 0 : (i % 37 == 0 ? device % 3 : 0);
            level += (i % 97 == 0) ? generation : 0;
            out->add(package(id, level));
        }
        return out;
    }

    static Object::Ptr package(std::uint64_t id, std::uint64_t level) {
        static const char* const kPrefixes[] = {"lib",      "python3-", "perl-", "gnome-",
                                                "fonts-",   "golang-",  "node-", "x11-",
                                                "texlive-", ""};
        static const char* const kStems[] = {"core", "utils", "common", "data",  "tools", "crypt",
                                             "xml",  "json",  "gtk",    "qt",    "audio", "video",
                                             "net",  "ssl",   "zip",    "sql",   "http",  "font",
                                             "icon", "theme", "print",  "scan",  "mail",  "dbus",
                                             "udev", "boot",  "kernel", "shell", "term",  "doc"};
        const std::uint64_t h = mix(id);
        Object::Ptr p = new Object;
        p->set("name",
               std::string(kPrefixes[id % 10]) + kStems[(id / 10) % 30] + std::to_string(id / 300));
        p->set("version", std::to_string(h % 9) + "." + std::to_string((h >> 8U) % 30) + "." +
                              std::to_string((h >> 16U) % 20 + level) + "-" +
                              std::to_string((h >> 24U) % 5 + 1));
        p->set("arch", (h >> 30U) % 4 == 0 ? "noarch" : "x86_64");
        p->set("from", "rpm");
        p->set("publisher", "Fedora Project");
        p->set("system_category", "Unspecified");
        p->set("filesize", static_cast<Poco::Int64>((h >> 32U) % 5'000'000 + 1000));
        p->set("install_date",
               "2023-0" + std::to_string(h % 9 + 1) + "-1" + std::to_string(h % 10));
        return p;
    }

    std::string template_;
    std::size_t packages_;
    bool identical_;
    std::string runTag_;
};

std::string text(const Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

std::string zlib(const Object::Ptr& object) {
    return parque::protocol::encodeBody(text(object), parque::protocol::BodyEncoding::Zlib);
}

// ---- HTTP ------------------------------------------------------------------------------------

struct Reply {
    int status = 0;
    std::string body;  // decoded
};

// A random key in the UUID format, from a per-thread generator (Poco's UUIDs read /dev/urandom
// for each one, which costs this tool three system calls per request).
std::string idempotencyKey() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    const std::string bits = hex(random(), 16) + hex(random(), 16);
    return bits.substr(0, 8) + "-" + bits.substr(8, 4) + "-4" + bits.substr(13, 3) + "-8" +
           bits.substr(17, 3) + "-" + bits.substr(20, 12);
}

Reply post(Poco::Net::HTTPSClientSession& session, const std::string& path,
           const std::string& contentType, const std::string& body, bool idempotent) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType(contentType);
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    request.setKeepAlive(true);
    if (idempotent) {
        request.set("Idempotency-Key", idempotencyKey());
    }
    session.sendRequest(request).write(body.data(), static_cast<std::streamsize>(body.size()));
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string raw;
    Poco::StreamCopier::copyToString(in, raw);
    Reply reply;
    reply.status = static_cast<int>(response.getStatus());
    reply.body = parque::protocol::decodeBody(
        raw, parque::protocol::encodingOf(response.getContentType(),
                                          response.get("Content-Encoding", ""), raw.substr(0, 4)));
    return reply;
}

Object::Ptr parseObject(const std::string& body) {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Object::Ptr>();
}

class Errors {
public:
    void add(const std::string& what) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (++count_ <= 5) {
            std::cerr << "error: " << what.substr(0, 300) << "\n";
        }
    }
    std::size_t count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return count_;
    }

private:
    mutable std::mutex mutex_;
    std::size_t count_ = 0;
};

// ---- devices ---------------------------------------------------------------------------------

struct Device {
    std::size_t index = 0;
    std::string deviceId;
    Poco::Net::Context::Ptr context;
    std::unique_ptr<Poco::Net::HTTPSClientSession> session;  // --keep-alive
    std::string fullBody;                                    // zlib
    std::string partialBody;                                 // zlib, unchanged check-in
    std::vector<std::string> changedBodies;                  // zlib, changed software
    std::string contactBody;                                 // zlib
    std::size_t visits = 0;
};

Object::Ptr contactMessage(const std::string& deviceId) {
    Object::Ptr out = new Object;
    out->set("action", "contact");
    out->set("deviceid", deviceId);
    out->set("name", "parque-agent");
    out->set("version", "bench");
    Array::Ptr tasks = new Array;
    tasks->add("inventory");
    out->set("installed-tasks", tasks);
    out->set("enabled-tasks", tasks);
    return out;
}

// What one client thread measured.
struct Measured {
    std::size_t operations = 0;  // inventories (new, fill) or check-ins (contact + partial)
    std::size_t requests = 0;
    std::vector<double> latencies;  // milliseconds per request
};

// Everything the client threads share: options, the inventory factory, the TLS contexts.
class LoadRun {
public:
    LoadRun(Options options, std::string templateText)
        : o_(std::move(options)),
          uri_(o_.server),
          factory_(std::move(templateText), o_.packages, o_.identicalImage,
                   Poco::UUIDGenerator::defaultGenerator().createRandom().toString().substr(0, 8)),
          anonymous_(newContext()) {}

    const Options& options() const { return o_; }
    Errors& errors() { return errors_; }

    std::unique_ptr<Poco::Net::HTTPSClientSession> anonymousSession() const {
        return newSession(anonymous_);
    }

    // Enrols the device through `enrolSession` (anonymous, kept alive) and makes its context.
    void enrol(Device& device, Poco::Net::HTTPSClientSession& enrolSession) const {
        const std::string key = parque::pki::generateKeyPem();
        const std::string host = factory_.hostname(device.index);
        Object::Ptr message = new Object;
        message->set("token", o_.token);
        message->set("csr", parque::pki::createCsrPem(key, host));
        message->set("hostname", host);
        const Reply reply =
            post(enrolSession, "/api/v1/enrol", "application/json", text(message), false);
        if (reply.status != 200) {
            throw std::runtime_error("enrolment: HTTP " + std::to_string(reply.status) + ": " +
                                     reply.body);
        }
        const Object::Ptr answer = parseObject(reply.body);
        device.deviceId = answer->getValue<std::string>("device_id");
        std::istringstream certificate(answer->getValue<std::string>("certificate"));
        std::istringstream privateKey(key);
        device.context = newContext();
        device.context->useCertificate(Poco::Crypto::X509Certificate(certificate));
        device.context->usePrivateKey(Poco::Crypto::EVPPKey(nullptr, &privateKey));
    }

    // The device's request bodies for the scenario, compressed in advance (not timed).
    void prepare(Device& device) const {
        const bool pad = o_.scenario != "fill";
        const Object::Ptr full = factory_.full(device.index, 0, pad);
        device.fullBody = zlib(full);
        if (o_.scenario == "checkin" || o_.scenario == "mixed") {
            device.partialBody = zlib(InventoryFactory::partial(full, {}));
            device.contactBody = zlib(contactMessage(full->getValue<std::string>("deviceid")));
        }
        if (o_.scenario == "mixed") {
            for (unsigned generation : {1U, 2U}) {
                device.changedBodies.push_back(
                    zlib(InventoryFactory::partial(factory_.full(device.index, generation, true),
                                                   {"softwares", "operatingsystem"})));
            }
        }
    }

    // One intake request; true when the answer is 200 with "status":"ok". Records the latency.
    bool intake(Device& device, const std::string& body, Measured* measured) {
        const auto started = Clock::now();
        try {
            if (!device.session) {
                device.session = newSession(device.context);
            }
            const Reply reply =
                post(*device.session, uri_.getPathEtc(), "application/x-compress-zlib", body, true);
            if (measured != nullptr) {
                ++measured->requests;
                measured->latencies.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - started).count());
            }
            if (reply.status == 200 && reply.body.find("\"status\":\"ok\"") != std::string::npos) {
                return true;
            }
            errors_.add("HTTP " + std::to_string(reply.status) + ": " + reply.body);
        } catch (const Poco::Exception& e) {
            device.session.reset();
            errors_.add(e.displayText());
        } catch (const std::exception& e) {
            device.session.reset();
            errors_.add(e.what());
        }
        return false;
    }

    // Without --keep-alive a device's connection lasts one visit (a contact and its inventory).
    void endVisit(Device& device) const {
        if (!o_.keepAlive) {
            device.session.reset();
        }
    }

private:
    Poco::Net::Context::Ptr newContext() const {
        Poco::Net::Context::Params params;
        params.caLocation = o_.caFile;
        params.loadDefaultCAs = false;
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.cipherList = "HIGH:!aNULL:!MD5:!RC4:!3DES";
        return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    }

    std::unique_ptr<Poco::Net::HTTPSClientSession> newSession(
        const Poco::Net::Context::Ptr& context) const {
        auto session = std::make_unique<Poco::Net::HTTPSClientSession>(uri_.getHost(),
                                                                       uri_.getPort(), context);
        session->setKeepAlive(true);
        session->setTimeout(Poco::Timespan(60, 0));
        return session;
    }

    Options o_;
    Poco::URI uri_;
    InventoryFactory factory_;
    Poco::Net::Context::Ptr anonymous_;
    Errors errors_;
};

// Runs work(thread) on `threads` threads; returns the seconds it took.
double parallel(std::size_t threads, const std::function<void(std::size_t)>& work) {
    const auto started = Clock::now();
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) {
        pool.emplace_back([&work, t] { work(t); });
    }
    for (std::thread& thread : pool) {
        thread.join();
    }
    return std::chrono::duration<double>(Clock::now() - started).count();
}

// Merges the threads' measurements.
class Results {
public:
    void add(Measured&& m) {
        std::lock_guard<std::mutex> lock(mutex_);
        total_.operations += m.operations;
        total_.requests += m.requests;
        total_.latencies.insert(total_.latencies.end(), m.latencies.begin(), m.latencies.end());
    }
    Measured& total() { return total_; }

private:
    std::mutex mutex_;
    Measured total_;
};

// The slice of devices thread `t` owns: t, t + threads, t + 2 * threads...
template <class F>
void forSlice(std::size_t count, std::size_t threads, std::size_t t, F f) {
    for (std::size_t i = t; i < count; i += threads) {
        f(i);
    }
}

struct Timing {
    double enrolSeconds = 0;
    double warmSeconds = 0;
    double seconds = 0;     // the measured phase
    double cpuSeconds = 0;  // this tool's CPU (user + system) in the measured phase
};

// This process's CPU time so far, user + system, all threads.
double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// With --visits: whether thread t's devices have had their visits.
bool allVisited(const std::vector<Device>& devices, std::size_t t, const Options& o) {
    if (o.visits == 0) {
        return false;
    }
    for (std::size_t i = t; i < devices.size(); i += o.concurrency) {
        if (devices[i].visits < o.visits) {
            return false;
        }
    }
    return true;
}

// new, checkin, mixed: enrol and prepare every device, then the timed phase.
Timing runTraffic(LoadRun& run, Results& results) {
    const Options& o = run.options();
    std::vector<Device> devices(o.devices);
    Timing timing;
    timing.enrolSeconds = parallel(o.concurrency, [&](std::size_t t) {
        const auto enrolSession = run.anonymousSession();
        forSlice(devices.size(), o.concurrency, t, [&](std::size_t i) {
            devices[i].index = i;
            run.enrol(devices[i], *enrolSession);
            run.prepare(devices[i]);
        });
    });
    const bool checkins = o.scenario != "new";
    if (checkins) {  // the first full inventory of each device, not timed
        timing.warmSeconds = parallel(o.concurrency, [&](std::size_t t) {
            forSlice(devices.size(), o.concurrency, t, [&](std::size_t i) {
                run.intake(devices[i], devices[i].fullBody, nullptr);
                run.endVisit(devices[i]);
            });
        });
    }
    if (o.pause) {  // a profiler turns its counters on, then sends a line
        std::cout << "ready for the timed phase" << std::endl;
        std::string line;
        std::getline(std::cin, line);
    }
    const auto deadline =
        Clock::now() + std::chrono::microseconds(static_cast<std::int64_t>(o.duration * 1e6));
    const double cpuBefore = processCpuSeconds();
    timing.seconds = parallel(o.concurrency, [&](std::size_t t) {
        Measured m;
        if (!checkins) {
            forSlice(devices.size(), o.concurrency, t, [&](std::size_t i) {
                if (Clock::now() < deadline) {
                    m.operations += run.intake(devices[i], devices[i].fullBody, &m) ? 1U : 0U;
                    run.endVisit(devices[i]);
                }
            });
        }
        while (checkins && Clock::now() < deadline && !allVisited(devices, t, o)) {
            forSlice(devices.size(), o.concurrency, t, [&](std::size_t i) {
                Device& d = devices[i];
                if (Clock::now() >= deadline || (o.visits > 0 && d.visits >= o.visits)) {
                    return;
                }
                const bool changed = o.scenario == "mixed" && d.visits % 10 == 9;
                const std::string& body =
                    changed ? d.changedBodies[(d.visits / 10) % 2] : d.partialBody;
                ++d.visits;
                const bool ok = run.intake(d, d.contactBody, &m) && run.intake(d, body, &m);
                m.operations += ok ? 1U : 0U;
                run.endVisit(d);
            });
        }
        results.add(std::move(m));
    });
    timing.cpuSeconds = processCpuSeconds() - cpuBefore;
    return timing;
}

// fill: enrol and send one small full inventory per device, as fast as possible.
Timing runFill(LoadRun& run, Results& results) {
    const Options& o = run.options();
    std::atomic<std::size_t> done{0};
    const auto started = Clock::now();
    Timing timing;
    timing.seconds = parallel(o.concurrency, [&](std::size_t t) {
        Measured m;
        auto enrolSession = run.anonymousSession();
        forSlice(o.devices, o.concurrency, t, [&](std::size_t i) {
            Device device;
            device.index = i;
            try {
                run.enrol(device, *enrolSession);
            } catch (const std::exception& e) {
                run.errors().add(std::string("enrolment: ") + e.what());
                enrolSession = run.anonymousSession();
                return;
            }
            run.prepare(device);
            m.operations += run.intake(device, device.fullBody, &m) ? 1U : 0U;
            const std::size_t n = ++done;
            if (n % 5000 == 0) {
                const double s = std::chrono::duration<double>(Clock::now() - started).count();
                std::cerr << "fill: " << n << " devices in " << static_cast<int>(s) << " s\n";
            }
        });
        results.add(std::move(m));
    });
    return timing;
}

// Nearest-rank percentile of sorted values; 100 gives the maximum.
double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()));
    return sorted[std::min(rank, sorted.size() - 1)];
}

void report(const Options& o, const Timing& timing, Measured& total, std::size_t errors) {
    std::sort(total.latencies.begin(), total.latencies.end());
    const double rate =
        timing.seconds > 0 ? static_cast<double>(total.operations) / timing.seconds : 0;
    const std::string unit =
        o.scenario == "checkin" || o.scenario == "mixed" ? "check-ins" : "inventories";
    Object::Ptr latency = new Object;
    for (const auto& [name, p] : std::vector<std::pair<std::string, double>>{
             {"p50", 50}, {"p95", 95}, {"p99", 99}, {"max", 100}}) {
        latency->set(name, percentile(total.latencies, p));
    }
    std::cout << o.scenario << ": " << o.devices << " devices, concurrency " << o.concurrency
              << (o.keepAlive ? ", keep-alive" : "") << "\n"
              << "  enrolment " << timing.enrolSeconds << " s (not timed)\n"
              << "  " << total.operations << " " << unit << " in " << timing.seconds
              << " s = " << rate << " " << unit << "/s (" << total.requests << " requests, "
              << errors << " errors)\n"
              << "  latency per request ms: p50 " << latency->getValue<double>("p50") << ", p95 "
              << latency->getValue<double>("p95") << ", p99 " << latency->getValue<double>("p99")
              << ", max " << latency->getValue<double>("max") << "\n";
    Object::Ptr json = new Object;
    json->set("scenario", o.scenario);
    json->set("devices", o.devices);
    json->set("concurrency", o.concurrency);
    json->set("keep_alive", o.keepAlive);
    json->set("identical_image", o.identicalImage);
    json->set("packages", o.packages);
    json->set("unit", unit);
    json->set("operations", total.operations);
    json->set("requests", total.requests);
    json->set("errors", errors);
    json->set("seconds", timing.seconds);
    json->set("rate_per_s", rate);
    json->set("enrol_seconds", timing.enrolSeconds);
    json->set("load_cpu_seconds", timing.cpuSeconds);
    json->set("latency_ms", latency);
    std::cout << text(json) << std::endl;
}

std::string readTemplate(const std::string& path) {
    if (path.empty()) {
        return kMinimalTemplate;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

void initializeSsl() {
    Poco::Net::initializeSSL();
    // Without a handler Poco would look for an Application's configuration: refuse instead.
    Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
        new Poco::Net::RejectCertificateHandler(false);
    Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parseOptions(argc, argv);
        initializeSsl();
        LoadRun run(options, readTemplate(options.inventoryFile));
        Results results;
        const Timing timing =
            options.scenario == "fill" ? runFill(run, results) : runTraffic(run, results);
        report(options, timing, results.total(), run.errors().count());
        Poco::Net::uninitializeSSL();
        return run.errors().count() == 0 ? 0 : 1;
    } catch (const Poco::Exception& e) {
        std::cerr << "parque-collector-load: " << e.displayText() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "parque-collector-load: " << e.what() << "\n";
    }
    return 2;
}
