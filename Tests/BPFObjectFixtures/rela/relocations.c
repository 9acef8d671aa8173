// Not BPF: compiled for x86-64 and s390x to give the ELF reader RELA
// relocations in both byte orders, which BPF objects (REL only) lack.
static int counter;
extern int external_value;
int *pointers[] = { &counter, &external_value };

int bump(int by) {
    counter += by + external_value;
    return counter;
}
