// Poco 1.11 includes <Iphlpapi.h>; mingw-w64 names the header in lower case. The `interface`
// macro of the COM headers it pulls in would rename inventory::Storage::interface: taken back.
#include <iphlpapi.h>
#undef interface
