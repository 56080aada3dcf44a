// Password hashing (OpenSSL scrypt), constant-time comparison, random tokens and role names.
#include "web/Users.h"

#include "parque/util/Base64.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <limits>
#include <stdexcept>

namespace parque::collector::web {
namespace {

constexpr char standardAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::uint64_t costLog2 = 15;
constexpr std::uint64_t blockSize = 8;
constexpr std::uint64_t parallelism = 1;
constexpr std::size_t saltBytes = 16;
constexpr std::size_t hashBytes = 32;
constexpr std::uint64_t maxScryptMemory = 128ULL * 1024 * 1024;

std::string_view bytesOf(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Salts and hashes in the stored form: standard alphabet, no padding.
std::string unpadded(const unsigned char* data, std::size_t size) {
    return util::base64Encode(bytesOf(data, size), util::Base64Alphabet::Standard, false);
}

// Standard alphabet, no padding; nullopt for any other character or an impossible length.
std::optional<std::string> unbase64(const std::string& text) {
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out;
    unsigned buffer = 0;
    unsigned bits = 0;
    for (const char c : text) {
        const char* found =
            c == '\0' ? nullptr : std::char_traits<char>::find(standardAlphabet, 64, c);
        if (found == nullptr) {
            return std::nullopt;
        }
        buffer = ((buffer << 6U) | static_cast<unsigned>(found - standardAlphabet)) & 0xFFFFU;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFFU);
        }
    }
    return out;
}

std::optional<std::uint64_t> smallNumber(const std::string& text) {
    if (text.empty() || text.size() > 3 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    return std::stoull(text);
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos) {
            return parts;
        }
        start = end + 1;
    }
}

struct ScryptParameters {
    std::uint64_t costLog2 = 0;
    std::uint64_t blockSize = 0;
    std::uint64_t parallelism = 0;
};

std::uint64_t memoryOf(const ScryptParameters& p) {
    // What OpenSSL checks against maxmem: the V array plus the B blocks.
    return 128 * p.blockSize * ((std::uint64_t{1} << p.costLog2) + 2) +
           128 * p.blockSize * p.parallelism;
}

void scrypt(const std::string& password, const std::string& salt, const ScryptParameters& p,
            unsigned char* out, std::size_t outSize) {
    const std::uint64_t maxmem = memoryOf(p) + std::uint64_t{1024} * 1024;
    if (EVP_PBE_scrypt(password.data(), password.size(),
                       reinterpret_cast<const unsigned char*>(salt.data()), salt.size(),
                       std::uint64_t{1} << p.costLog2, p.blockSize, p.parallelism, maxmem, out,
                       outSize) != 1) {
        throw std::runtime_error("scrypt failed");
    }
}

}  // namespace

std::optional<Role> parseRole(const std::string& text) {
    if (text == "admin") {
        return Role::Admin;
    }
    if (text == "technician") {
        return Role::Technician;
    }
    if (text == "manager") {
        return Role::Manager;
    }
    if (text == "read-only") {
        return Role::ReadOnly;
    }
    return std::nullopt;
}

std::string roleName(Role role) {
    switch (role) {
    case Role::Admin:
        return "admin";
    case Role::Technician:
        return "technician";
    case Role::Manager:
        return "manager";
    case Role::ReadOnly:
        break;
    }
    return "read-only";
}

std::string randomToken(std::size_t bytes) {
    std::vector<unsigned char> data(bytes);
    if (bytes > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        (bytes > 0 && RAND_bytes(data.data(), static_cast<int>(bytes)) != 1)) {
        throw std::runtime_error("the random number generator failed");
    }
    return util::base64Encode(bytesOf(data.data(), data.size()), util::Base64Alphabet::Url, false);
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::int64_t lockSeconds(std::int64_t failures) {
    if (failures < freeFailures) {
        return 0;
    }
    std::int64_t seconds = firstLockSeconds;
    for (std::int64_t i = freeFailures; i < failures && seconds < maxLockSeconds; ++i) {
        seconds *= 2;
    }
    return seconds < maxLockSeconds ? seconds : maxLockSeconds;
}

std::string hashPassword(const std::string& password) {
    unsigned char salt[saltBytes];
    if (RAND_bytes(salt, sizeof salt) != 1) {
        throw std::runtime_error("the random number generator failed");
    }
    unsigned char hash[hashBytes];
    scrypt(password, std::string(reinterpret_cast<const char*>(salt), sizeof salt),
           {costLog2, blockSize, parallelism}, hash, sizeof hash);
    return "scrypt$" + std::to_string(costLog2) + "$" + std::to_string(blockSize) + "$" +
           std::to_string(parallelism) + "$" + unpadded(salt, sizeof salt) + "$" +
           unpadded(hash, sizeof hash);
}

bool verifyPassword(const std::string& password, const std::string& stored) {
    const std::vector<std::string> parts = split(stored, '$');
    if (parts.size() != 6 || parts[0] != "scrypt") {
        return false;
    }
    const auto n = smallNumber(parts[1]);
    const auto r = smallNumber(parts[2]);
    const auto p = smallNumber(parts[3]);
    const auto salt = unbase64(parts[4]);
    const auto expected = unbase64(parts[5]);
    if (!n || !r || !p || !salt || !expected || *n < 10 || *n > 22 || *r < 1 || *r > 32 || *p < 1 ||
        *p > 16 || salt->size() < 8 || salt->size() > 64 || expected->size() < 16 ||
        expected->size() > 64) {
        return false;
    }
    const ScryptParameters parameters{*n, *r, *p};
    if (memoryOf(parameters) > maxScryptMemory) {
        return false;
    }
    std::string actual(expected->size(), '\0');
    scrypt(password, *salt, parameters, reinterpret_cast<unsigned char*>(&actual[0]),
           actual.size());
    return constantTimeEquals(actual, *expected);
}

}  // namespace parque::collector::web
