# The Windows agent's dependencies: static libraries from scripts/build-windows-deps.
find_package(Poco 1.11 REQUIRED COMPONENTS Foundation JSON XML Util Net NetSSL Crypto
  PATHS ${PARQUE_WINDOWS_DEPS}/cmake NO_DEFAULT_PATH)
find_package(OpenSSL 3.0 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(ZLIB REQUIRED)

# Static OpenSSL needs the Windows libraries its own DLL would have brought.
set_property(TARGET OpenSSL::Crypto APPEND PROPERTY INTERFACE_LINK_LIBRARIES ws2_32 crypt32 user32
  advapi32 bcrypt)

# Windows 10 APIs (GetLogicalProcessorInformationEx, GetSystemFirmwareTable, ...) in every
# target, and gmtime_r/localtime_r from mingw's <time.h>.
add_compile_definitions(_WIN32_WINNT=0x0A00 NOMINMAX
  _POSIX_THREAD_SAFE_FUNCTIONS)

# Poco's public headers include <Winsock2.h> and <Iphlpapi.h>: lower-case forwarders.
include_directories(SYSTEM ${CMAKE_CURRENT_LIST_DIR}/windows-include)
