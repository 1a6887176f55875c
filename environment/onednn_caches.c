/*
 * Lets oneDNN choose its convolutions on CPUs whose cache sizes it reads as 1 byte.
 *
 * oneDNN (inside libtorch) sizes its BRGEMM convolutions' blocks by the per-core cache sizes that its copy of
 * Xbyak reads with CPUID. Some virtual machines (seen on a 2-core AMD EPYC one) answer AMD's cache leaf
 * (0x8000001D) with zeros, and Xbyak then reports three cache levels of 1 byte each. With those, no 3x3 blocking
 * fits, so oneDNN falls back to its older direct convolutions (about 1.5x slower per call here), and its 1x1
 * convolution divides by zero while choosing a blocking (SIGFPE: see model/PointwiseConv2d). When Xbyak finds
 * no cache levels at all, oneDNN uses its own defaults (32 KiB L1, 512 KiB L2, 1 MiB L3 per core).
 *
 * This library, preloaded, watches dlopen: once libtorch_cpu.so is loaded it looks up oneDNN's CPU description
 * (dnnl::impl::cpu::x64::cpu(), found by name in the library's symbol table) and, only if every cache level there
 * is smaller than 4 KiB, sets the level count to zero, which is what Xbyak reports when it cannot read the caches.
 * Anything it does not recognise it leaves alone. ISPAD_ONEDNN_CACHES_VERBOSE=1 prints what it did to stderr.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define LIBRARY "/libtorch_cpu.so"
#define CPU_FUNCTION "_ZN4dnnl4impl3cpu3x643cpuEv"          /* const Xbyak::util::Cpu &dnnl::impl::cpu::x64::cpu() */
#define CPU_OBJECT "_ZZN4dnnl4impl3cpu3x643cpuEvE4cpu_"     /* its function-local static Cpu */
#define MAX_LEVELS 10                                        /* Xbyak's maxNumberCacheLevels */
#define PLAUSIBLE_CACHE 4096u

static int done;

static void say(const char *what) {
    const char *v = getenv("ISPAD_ONEDNN_CACHES_VERBOSE");
    if (v && *v == '1') fprintf(stderr, "onednn_caches: %s\n", what);
}

struct found { const char *path; ElfW(Addr) base; };

static int find_library(struct dl_phdr_info *info, size_t size, void *data) {
    (void) size;
    size_t n = strlen(info->dlpi_name), m = strlen(LIBRARY);
    if (n >= m && strcmp(info->dlpi_name + n - m, LIBRARY) == 0) {
        struct found *f = data;
        f->path = info->dlpi_name;
        f->base = info->dlpi_addr;
        return 1;
    }
    return 0;
}

/* The values of the two symbols in the file's full symbol table (.symtab; the dynamic one does not list them). */
static int lookup(const char *path, ElfW(Addr) *function, ElfW(Addr) *object, size_t *object_size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct stat st;
    int ok = 0;
    if (fstat(fd, &st) == 0 && (size_t) st.st_size > sizeof(ElfW(Ehdr))) {
        const uint8_t *file = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (file != MAP_FAILED) {
            const ElfW(Ehdr) *eh = (const void *) file;
            const ElfW(Shdr) *sh = (const void *) (file + eh->e_shoff);
            int found = 0;
            if (memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_shoff + eh->e_shnum * sizeof(*sh) <= (size_t) st.st_size) {
                for (int s = 0; s < eh->e_shnum && found < 2; s++) {
                    if (sh[s].sh_type != SHT_SYMTAB || sh[s].sh_link >= eh->e_shnum) continue;
                    const ElfW(Sym) *sym = (const void *) (file + sh[s].sh_offset);
                    const char *names = (const char *) (file + sh[sh[s].sh_link].sh_offset);
                    size_t count = sh[s].sh_size / sizeof(*sym);
                    for (size_t i = 0; i < count && found < 2; i++) {
                        const char *name = names + sym[i].st_name;
                        if (strcmp(name, CPU_FUNCTION) == 0) { *function = sym[i].st_value; found++; }
                        else if (strcmp(name, CPU_OBJECT) == 0) {
                            *object = sym[i].st_value; *object_size = sym[i].st_size; found++;
                        }
                    }
                }
            }
            ok = found == 2;
            munmap((void *) file, st.st_size);
        }
    }
    close(fd);
    return ok;
}

/*
 * Xbyak's Cpu holds dataCacheSize_[10], coresSharignDataCache_[10] and dataCacheLevels_, in that order. Finds the
 * one place in the object where a level count L (1..10) follows two such arrays with exactly L entries set each.
 */
static uint32_t *level_count(uint32_t *w, size_t words) {
    uint32_t *match = NULL;
    for (size_t k = 2 * MAX_LEVELS; k < words; k++) {
        uint32_t levels = w[k];
        if (levels < 1 || levels > MAX_LEVELS) continue;
        int fits = 1;
        for (uint32_t i = 0; i < MAX_LEVELS && fits; i++) {
            uint32_t size = w[k - 2 * MAX_LEVELS + i], sharing = w[k - MAX_LEVELS + i];
            fits = i < levels ? size > 0 && sharing > 0 : size == 0 && sharing == 0;
        }
        if (fits) {
            if (match) return NULL; /* ambiguous: not the layout this expects */
            match = &w[k];
        }
    }
    return match;
}

static void fix_caches(void) {
    struct found lib = {0};
    if (!dl_iterate_phdr(find_library, &lib)) return;
    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
    ElfW(Addr) function = 0, object = 0;
    size_t object_size = 0;
    if (!lookup(lib.path, &function, &object, &object_size)) { say("oneDNN's CPU description not found; left alone"); return; }
    const void *(*cpu)(void) = (const void *(*)(void)) (lib.base + function);
    uint32_t *w = (uint32_t *) cpu();
    if ((ElfW(Addr)) w != lib.base + object) { say("unexpected CPU description; left alone"); return; }
    uint32_t *levels = level_count(w, object_size / sizeof(uint32_t));
    if (!levels) { say("cache fields not recognised; left alone"); return; }
    for (uint32_t i = 0; i < *levels; i++) {
        if (levels[-2 * MAX_LEVELS + (int) i] >= PLAUSIBLE_CACHE) { say("cache sizes plausible; left alone"); return; }
    }
    *levels = 0;
    say("cache sizes of under 4 KiB dropped: oneDNN uses its defaults");
}

void *dlopen(const char *file, int mode) {
    static void *(*real)(const char *, int);
    if (!real) real = (void *(*)(const char *, int)) dlsym(RTLD_NEXT, "dlopen");
    void *handle = real(file, mode);
    if (handle && !__atomic_load_n(&done, __ATOMIC_ACQUIRE)) fix_caches();
    return handle;
}
