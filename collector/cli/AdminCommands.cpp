#include "AdminCommands.h"

#include "../src/web/Users.h"
#include "parque/collector/Service.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <stdexcept>

namespace parque::collector {
namespace {

struct Parsed {
    std::vector<std::string> words;
    std::map<std::string, std::string> options;  // --name value
};

Parsed parse(const std::vector<std::string>& arguments) {
    Parsed p;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& a = arguments[i];
        if (a.rfind("--", 0) == 0) {
            if (i + 1 >= arguments.size()) {
                throw std::invalid_argument(a + " needs a value");
            }
            p.options[a.substr(2)] = arguments[++i];
        } else {
            p.words.push_back(a);
        }
    }
    return p;
}

std::int64_t parseDuration(const std::string& text) {
    static const std::map<char, std::int64_t> units = {
        {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    const auto unit = used + 1 == text.size() ? units.find(text.back()) : units.end();
    if (used == 0 || unit == units.end() || value <= 0) {
        throw std::invalid_argument("--expires takes a duration like 30m, 12h or 7d, not '" + text +
                                    "'");
    }
    return value * unit->second;
}

CollectorConfig configFrom(const Parsed& p) {
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> properties;
    const auto file = p.options.find("config");
    const std::string path = file != p.options.end() ? file->second : "/etc/parque/collector.conf";
    if (std::filesystem::exists(path)) {
        properties = new Poco::Util::PropertyFileConfiguration(path);
    } else if (file != p.options.end()) {
        throw std::invalid_argument("no configuration file " + path);
    } else {
        properties = new Poco::Util::MapConfiguration;
    }
    const auto dataDir = p.options.find("data-dir");
    if (dataDir != p.options.end()) {
        properties->setString("collector.data_dir", dataDir->second);
    }
    return loadConfig(*properties);
}

int tokenCommand(const Parsed& p, CollectorService& service, std::ostream& out) {
    const std::string verb = p.words.size() > 1 ? p.words[1] : "";
    if (verb == "create") {
        const auto site = p.options.find("site");
        if (site == p.options.end()) {
            throw std::invalid_argument("token create needs --site NAME");
        }
        const auto expires = p.options.find("expires");
        const auto uses = p.options.find("uses");
        const NewToken token = service.registry().createEnrolmentToken(
            site->second, parseDuration(expires == p.options.end() ? "7d" : expires->second),
            uses == p.options.end() ? std::nullopt : std::optional<int>(std::stoi(uses->second)));
        out << token.secret << "\n";
        return 0;
    }
    if (verb == "list") {
        for (const EnrolmentToken& t : service.registry().enrolmentTokens()) {
            out << t.id << "\tsite=" << t.site << "\texpires=" << t.expiresAt << "\tuses=" << t.uses
                << (t.maxUses ? "/" + std::to_string(*t.maxUses) : "")
                << (t.revokedAt ? "\trevoked=" + *t.revokedAt : "") << "\n";
        }
        return 0;
    }
    if (verb == "revoke" && p.words.size() == 3) {
        service.registry().revokeEnrolmentToken(std::stoll(p.words[2]));
        out << "token " << p.words[2] << " revoked\n";
        return 0;
    }
    throw std::invalid_argument(
        "usage: token create --site NAME [--expires 7d] [--uses N] | "
        "token list | token revoke ID");
}

std::string option(const Parsed& p, const std::string& name, const std::string& otherwise) {
    const auto found = p.options.find(name);
    return found == p.options.end() ? otherwise : found->second;
}

// The first line of --password-file, or a new random password (20 characters) when there is none.
std::string passwordFrom(const Parsed& p, bool& generated) {
    const std::string file = option(p, "password-file", "");
    generated = file.empty();
    if (generated) {
        return web::randomToken(15);
    }
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) {
        throw std::invalid_argument("cannot read a password from " + file);
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

int userCommand(const Parsed& p, CollectorService& service, std::ostream& out) {
    const std::string verb = p.words.size() > 1 ? p.words[1] : "";
    web::UserStore users(service.database());
    if (verb == "add" && p.words.size() == 3) {
        const std::string roleText = option(p, "role", "");
        const std::optional<web::Role> role = web::parseRole(roleText);
        if (!role) {
            throw std::invalid_argument(
                "user add needs --role admin|technician|manager|read-only" +
                (roleText.empty() ? std::string() : ", not '" + roleText + "'"));
        }
        bool generated = false;
        const std::string password = passwordFrom(p, generated);
        const web::User user =
            users.add(p.words[2], password, *role, option(p, "language", "es-AR"));
        out << "user " << user.username << " (" << web::roleName(user.role) << ") created"
            << (generated ? "; password: " + password : "") << "\n";
        return 0;
    }
    if (verb == "list" && p.words.size() == 2) {
        for (const web::User& user : users.list()) {
            out << user.username << "\t" << web::roleName(user.role) << "\t" << user.language
                << "\n";
        }
        return 0;
    }
    if (verb == "password" && p.words.size() == 3) {
        bool generated = false;
        const std::string password = passwordFrom(p, generated);
        users.setPassword(p.words[2], password);
        out << "password of " << p.words[2] << " changed"
            << (generated ? "; password: " + password : "") << "\n";
        return 0;
    }
    throw std::invalid_argument(
        "usage: user add NAME --role admin|technician|manager|read-only [--language es-AR|en] "
        "[--password-file FILE] | user list | user password NAME [--password-file FILE]");
}

}  // namespace

bool isAdminCommand(const std::string& word) {
    return word == "token" || word == "device" || word == "api-token" || word == "fingerprint" ||
           word == "user";
}

int runAdminCommand(const std::vector<std::string>& arguments, std::ostream& out,
                    std::ostream& err) {
    try {
        const Parsed p = parse(arguments);
        CollectorService service(configFrom(p));
        const std::string& command = p.words.at(0);
        if (command == "token") {
            return tokenCommand(p, service, out);
        }
        if (command == "device" && p.words.size() == 3 && p.words[1] == "revoke") {
            service.registry().revokeDevice(p.words[2]);
            out << "device " << p.words[2] << " revoked\n";
            return 0;
        }
        if (command == "api-token" && p.words.size() == 2 && p.words[1] == "create") {
            const auto name = p.options.find("name");
            const auto role = p.options.find("role");
            out << service.registry()
                       .createApiToken(name == p.options.end() ? "api" : name->second,
                                       role == p.options.end() ? "admin" : role->second)
                       .secret
                << "\n";
            return 0;
        }
        if (command == "user") {
            return userCommand(p, service, out);
        }
        if (command == "fingerprint") {
            out << service.authorityFingerprint() << "\n";
            return 0;
        }
        throw std::invalid_argument(
            "usage: parque-collector token ... | device revoke ID | api-token create [--name N] "
            "[--role admin|technician|manager|read-only] "
            "| user add NAME --role admin|technician|manager|read-only [--language es-AR|en] "
            "[--password-file FILE] | user list | user password NAME [--password-file FILE] "
            "| fingerprint  (each takes [--config FILE] [--data-dir DIR])");
    } catch (const Poco::Exception& e) {
        err << "parque-collector: " << e.displayText() << "\n";
        return 2;
    } catch (const std::exception& e) {
        err << "parque-collector: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace parque::collector
