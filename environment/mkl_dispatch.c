/*
 * Lets Intel MKL run its AVX-512 kernels on AMD CPUs that have AVX-512.
 *
 * libtorch links MKL statically, and DJL runs every matrix product through it (the lab's 1x1 convolutions are
 * matrix products: see model/PointwiseConv2d). MKL picks its kernels by vendor before it looks at the CPU's
 * features: on any non-Intel CPU it runs its AVX2 kernels, even on one with AVX-512 (AMD Zen 4 and later).
 * It asks this function, which libtorch calls through its dynamic symbol table, so a preloaded definition
 * answers instead. MKL still checks the CPU's feature bits for each kernel; environment/lab preloads this
 * library only where the CPU reports the AVX-512 subsets MKL's kernels use (F, CD, BW, DQ, VL).
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
