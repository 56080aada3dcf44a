// The collector's settings: documented defaults (docs/collector.conf.example), a properties file,
// and command-line overrides, all read through Poco::Util::AbstractConfiguration.
#pragma once

#include "parque/collector/Database.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace parque::collector {

struct TlsConfig {
    // Empty: made on first start in <data>/tls (an own CA and a server certificate).
    std::string certificateFile;  // server certificate (+ chain), PEM
    std::string privateKeyFile;
    std::string authorityFile;  // the CA that signs device certificates
    std::string authorityKeyFile;
    std::vector<std::string> serverNames;  // extra DNS names / IPs for the made certificate
};

// FusionInventory and OCS Inventory agents (XML PROLOG/INVENTORY), off by default.
struct LegacyConfig {
    bool enabled = false;
    std::vector<std::string> paths = {"/ocsinventory", "/plugins/fusioninventory"};  // and "/"
    std::vector<std::string> networks;  // CIDR blocks allowed to report; empty: any
    std::string username;               // HTTP Basic credentials; empty: none asked
    std::string password;
    std::string site = "legacy";
    int prologFrequencyHours = 24;
};

struct CollectorConfig {
    std::filesystem::path dataDir = "/var/lib/parque/collector";
    std::string listenAddress = "0.0.0.0";
    unsigned short port = 8443;  // 0: any free port (tests)
    int threads = 16;
    TlsConfig tls;
    DatabaseConfig database;  // connection empty: <data>/collector.db
    std::size_t maxBodyBytes = 8u << 20u;
    std::size_t maxCompressionRatio = 100;
    std::string expiration = "24h";    // contact answer: hours between inventories
    int idempotencyDays = 30;          // how long a submission's key is remembered
    bool anonymousIntake = false;      // stock GLPI agents without certificates
    std::string anonymousIntakeToken;  // required bearer token when anonymous intake is on
    std::string anonymousSite = "default";
    int certificateDays = 825;
    LegacyConfig legacy;
    // A replaced PIN pad, receipt printer or barcode scanner opens a ticket (PCI DSS 9.5.1).
    bool ticketOnPaymentReplacement = true;
    // The site's IANA time zone: business-hours SLA calendars and times shown to people.
    std::string timeZone = "America/Argentina/Buenos_Aires";
};

// Reads "collector.*" keys; missing keys keep the defaults above.
CollectorConfig loadConfig(const Poco::Util::AbstractConfiguration& properties);

}  // namespace parque::collector
