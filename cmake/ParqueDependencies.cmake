# Every dependency is a Debian 12 package (scripts/install-deps installs them).
if(WIN32)
  # Windows: static mingw-w64 builds of the same Debian versions, made by
  # scripts/build-windows-deps and found through the toolchain file's CMAKE_FIND_ROOT_PATH.
  # hwloc and libusb stay Linux-only; the agent reads the same data from Windows APIs.
  include(ParqueWindowsDependencies)
  return()
endif()
find_package(Poco 1.11 REQUIRED COMPONENTS Foundation JSON XML Util Net NetSSL Crypto Data DataSQLite)
find_package(OpenSSL 3.0 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HWLOC REQUIRED IMPORTED_TARGET hwloc>=2.9)
pkg_check_modules(LIBUSB REQUIRED IMPORTED_TARGET libusb-1.0>=1.0.26)
