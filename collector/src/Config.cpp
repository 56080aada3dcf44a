#include "parque/collector/Config.h"

#include <Poco/StringTokenizer.h>

#include <stdexcept>

namespace parque::collector {
namespace {

std::vector<std::string> list(const std::string& text) {
    std::vector<std::string> out;
    const Poco::StringTokenizer tokens(
        text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& token : tokens) {
        out.push_back(token);
    }
    return out;
}

// "24h", "30m", "90s", "7d": what agents understand in a contact answer, checked once here so
// every answer is well formed.
bool validExpiration(const std::string& text) {
    if (text.size() < 2 || std::string("smhd").find(text.back()) == std::string::npos) {
        return false;
    }
    const std::string digits = text.substr(0, text.size() - 1);
    return digits.size() <= 6 && digits.find_first_not_of("0123456789") == std::string::npos &&
           std::stoi(digits) > 0;
}

}  // namespace

CollectorConfig loadConfig(const Poco::Util::AbstractConfiguration& p) {
    CollectorConfig c;
    c.dataDir = p.getString("collector.data_dir", c.dataDir.string());
    c.listenAddress = p.getString("collector.listen", c.listenAddress);
    const int port = p.getInt("collector.port", c.port);
    if (port < 0 || port > 65535) {
        throw std::invalid_argument("collector.port must be 0..65535, not " + std::to_string(port));
    }
    c.port = static_cast<unsigned short>(port);
    c.threads = p.getInt("collector.threads", c.threads);
    c.tls.certificateFile = p.getString("collector.tls.certificate", "");
    c.tls.privateKeyFile = p.getString("collector.tls.private_key", "");
    c.tls.authorityFile = p.getString("collector.tls.authority", "");
    c.tls.authorityKeyFile = p.getString("collector.tls.authority_key", "");
    c.tls.serverNames = list(p.getString("collector.tls.server_names", ""));
    const std::string backend = p.getString("collector.database.backend", "sqlite");
    if (backend != "sqlite" && backend != "postgresql") {
        throw std::invalid_argument("collector.database.backend must be sqlite or postgresql");
    }
    c.database.backend = backend == "sqlite" ? Backend::Sqlite : Backend::Postgresql;
    c.database.connection =
        p.getString("collector.database.connection", (c.dataDir / "collector.db").string());
    c.maxBodyBytes =
        static_cast<std::size_t>(p.getUInt64("collector.intake.max_body_bytes", c.maxBodyBytes));
    c.maxCompressionRatio = static_cast<std::size_t>(
        p.getUInt64("collector.intake.max_compression_ratio", c.maxCompressionRatio));
    c.expiration = p.getString("collector.intake.expiration", c.expiration);
    if (!validExpiration(c.expiration)) {
        throw std::invalid_argument(
            "collector.intake.expiration must be a whole number of s, m, h "
            "or d (like 24h or 30m), not '" +
            c.expiration + "'");
    }
    c.idempotencyDays = p.getInt("collector.intake.idempotency_days", c.idempotencyDays);
    if (c.idempotencyDays < 1) {
        throw std::invalid_argument("collector.intake.idempotency_days must be at least 1");
    }
    c.anonymousIntake = p.getBool("collector.intake.anonymous", c.anonymousIntake);
    c.anonymousIntakeToken = p.getString("collector.intake.anonymous_token", "");
    c.anonymousSite = p.getString("collector.intake.anonymous_site", c.anonymousSite);
    c.certificateDays = p.getInt("collector.tls.device_certificate_days", c.certificateDays);
    c.timeZone = p.getString("collector.time_zone", c.timeZone);
    c.ticketOnPaymentReplacement =
        p.getBool("collector.tickets.open_on_payment_replacement", c.ticketOnPaymentReplacement);
    c.legacy.enabled = p.getBool("collector.legacy.enabled", c.legacy.enabled);
    if (p.has("collector.legacy.paths")) {
        c.legacy.paths = list(p.getString("collector.legacy.paths"));
    }
    c.legacy.networks = list(p.getString("collector.legacy.networks", ""));
    c.legacy.username = p.getString("collector.legacy.username", "");
    c.legacy.password = p.getString("collector.legacy.password", "");
    c.legacy.site = p.getString("collector.legacy.site", c.legacy.site);
    c.legacy.prologFrequencyHours =
        p.getInt("collector.legacy.prolog_frequency", c.legacy.prologFrequencyHours);
    if (c.legacy.username.empty() != c.legacy.password.empty()) {
        throw std::invalid_argument(
            "set both collector.legacy.username and collector.legacy.password, or neither");
    }
    if (c.anonymousIntake && c.anonymousIntakeToken.size() < 16) {
        throw std::invalid_argument(
            "collector.intake.anonymous is on: set collector.intake.anonymous_token to a secret "
            "of at least 16 characters");
    }
    return c;
}

}  // namespace parque::collector
