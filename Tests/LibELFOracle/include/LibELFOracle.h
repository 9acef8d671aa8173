#ifndef LIBELF_ORACLE_H
#define LIBELF_ORACLE_H

/// Describes an ELF file's sections, symbols and relocations as libelf reads
/// them, one per line, in the format the Swift differential test prints.
/// Returns a malloc'ed string the caller frees, or NULL if libelf fails.
char *libelf_oracle_describe(const char *path);

#endif
