#ifndef CLERK_FUZZ_ENTRY_H
#define CLERK_FUZZ_ENTRY_H
// Nothing to import: this module only supplies link-time entry points (see FuzzEntry.c).
#endif
