# Every dependency is a Debian 12 package (scripts/install-deps installs them).
find_package(Poco 1.11 REQUIRED COMPONENTS Foundation JSON XML Util Net NetSSL Crypto Data DataSQLite)
find_package(OpenSSL 3.0 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HWLOC REQUIRED IMPORTED_TARGET hwloc>=2.9)
pkg_check_modules(LIBUSB REQUIRED IMPORTED_TARGET libusb-1.0>=1.0.26)
