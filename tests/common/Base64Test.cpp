#include "parque/util/Base64.h"

#include <catch2/catch.hpp>

using parque::util::Base64Alphabet;
using parque::util::base64Encode;

TEST_CASE("Base64: the RFC 4648 test vectors, padded and not, in both alphabets", "[base64]") {
    CHECK(base64Encode("") == "");
    CHECK(base64Encode("f") == "Zg==");
    CHECK(base64Encode("fo") == "Zm8=");
    CHECK(base64Encode("foo") == "Zm9v");
    CHECK(base64Encode("foob") == "Zm9vYg==");
    CHECK(base64Encode("fooba") == "Zm9vYmE=");
    CHECK(base64Encode("foobar") == "Zm9vYmFy");
    CHECK(base64Encode("fooba", Base64Alphabet::Standard, false) == "Zm9vYmE");
    CHECK(base64Encode("f", Base64Alphabet::Standard, false) == "Zg");
    // 0xfb 0xff 0xbf: every 6-bit group is 62 or 63, where the alphabets differ.
    CHECK(base64Encode("\xfb\xff\xbf") == "+/+/");
    CHECK(base64Encode("\xfb\xff\xbf", Base64Alphabet::Url, false) == "-_-_");
    CHECK(base64Encode(std::string("\0\0", 2), Base64Alphabet::Url, false) == "AAA");
}
