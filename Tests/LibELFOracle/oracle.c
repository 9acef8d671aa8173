// The libelf side of the ELF differential test. Test-only: never part of a product.
#include "LibELFOracle.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct text {
    char *data;
    size_t length;
    size_t capacity;
};

static int append(struct text *text, const char *format, ...) {
    va_list args;
    va_start(args, format);
    char line[4096];
    int written = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (written < 0 || (size_t)written >= sizeof line) return -1;
    if (text->length + (size_t)written + 1 > text->capacity) {
        size_t capacity = text->capacity ? text->capacity * 2 : 65536;
        while (capacity < text->length + (size_t)written + 1) capacity *= 2;
        char *grown = realloc(text->data, capacity);
        if (!grown) return -1;
        text->data = grown;
        text->capacity = capacity;
    }
    memcpy(text->data + text->length, line, (size_t)written + 1);
    text->length += (size_t)written;
    return 0;
}

static int describe(Elf *elf, struct text *out) {
    size_t section_count, names_index;
    if (elf_getshdrnum(elf, &section_count) || elf_getshdrstrndx(elf, &names_index)) return -1;
    for (size_t index = 0; index < section_count; index++) {
        Elf_Scn *section = elf_getscn(elf, index);
        GElf_Shdr header;
        if (!section || !gelf_getshdr(section, &header)) return -1;
        const char *name = elf_strptr(elf, names_index, header.sh_name);
        if (append(out, "section %zu '%s' type=%u flags=%llu addr=%llu offset=%llu size=%llu link=%u info=%u align=%llu entsize=%llu\n",
                   index, name ? name : "", header.sh_type, (unsigned long long)header.sh_flags,
                   (unsigned long long)header.sh_addr, (unsigned long long)header.sh_offset,
                   (unsigned long long)header.sh_size, header.sh_link, header.sh_info,
                   (unsigned long long)header.sh_addralign, (unsigned long long)header.sh_entsize)) return -1;
    }
    for (size_t index = 0; index < section_count; index++) {
        Elf_Scn *section = elf_getscn(elf, index);
        GElf_Shdr header;
        if (!gelf_getshdr(section, &header)) return -1;
        Elf_Data *data = elf_getdata(section, NULL);
        if (header.sh_type == SHT_SYMTAB) {
            size_t count = header.sh_size / header.sh_entsize;
            for (size_t symbol_index = 0; symbol_index < count; symbol_index++) {
                GElf_Sym symbol;
                if (!gelf_getsym(data, (int)symbol_index, &symbol)) return -1;
                const char *name = elf_strptr(elf, header.sh_link, symbol.st_name);
                if (append(out, "symbol %zu '%s' bind=%u type=%u visibility=%u shndx=%u value=%llu size=%llu\n",
                           symbol_index, name ? name : "", GELF_ST_BIND(symbol.st_info), GELF_ST_TYPE(symbol.st_info),
                           GELF_ST_VISIBILITY(symbol.st_other), symbol.st_shndx,
                           (unsigned long long)symbol.st_value, (unsigned long long)symbol.st_size)) return -1;
            }
        } else if (header.sh_type == SHT_REL || header.sh_type == SHT_RELA) {
            size_t count = header.sh_size / header.sh_entsize;
            for (size_t entry = 0; entry < count; entry++) {
                if (header.sh_type == SHT_REL) {
                    GElf_Rel rel;
                    if (!gelf_getrel(data, (int)entry, &rel)) return -1;
                    if (append(out, "rel %zu->%u offset=%llu symbol=%llu type=%llu\n", index, header.sh_info,
                               (unsigned long long)rel.r_offset, (unsigned long long)GELF_R_SYM(rel.r_info),
                               (unsigned long long)GELF_R_TYPE(rel.r_info))) return -1;
                } else {
                    GElf_Rela rela;
                    if (!gelf_getrela(data, (int)entry, &rela)) return -1;
                    if (append(out, "rel %zu->%u offset=%llu symbol=%llu type=%llu addend=%lld\n", index, header.sh_info,
                               (unsigned long long)rela.r_offset, (unsigned long long)GELF_R_SYM(rela.r_info),
                               (unsigned long long)GELF_R_TYPE(rela.r_info), (long long)rela.r_addend)) return -1;
                }
            }
        }
    }
    return 0;
}

char *libelf_oracle_describe(const char *path) {
    if (elf_version(EV_CURRENT) == EV_NONE) return NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    struct text out = {0};
    int failed = !elf || describe(elf, &out);
    if (elf) elf_end(elf);
    close(fd);
    if (failed) {
        free(out.data);
        return NULL;
    }
    return out.data ? out.data : strdup("");
}
