/* LD_PRELOAD shim for cgroup.bats: a kernel older than Linux 5.7, where
 * clone3 knows no CLONE_INTO_CGROUP.  cinch calls clone3 through
 * syscall(2); this syscall() answers E2BIG for a clone3 whose arguments
 * reach the cgroup field with CLONE_INTO_CGROUP set (as such a kernel
 * does), and passes everything else to the real one.  */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/syscall.h>

#define CLONE_INTO_CGROUP_FLAG 0x200000000ULL

long syscall (long number, ...);

long
syscall (long number, ...)
{
  static long (*real) (long, ...);
  long a[6];
  va_list ap;

  va_start (ap, number);
  for (int i = 0; i < 6; i++)
    a[i] = va_arg (ap, long);
  va_end (ap);
  if (number == SYS_clone3 && a[0] != 0 && (size_t) a[1] > 64
      && (*(const uint64_t *) a[0] & CLONE_INTO_CGROUP_FLAG))
    {
      errno = E2BIG;
      return -1;
    }
  if (real == 0)
    real = (long (*) (long, ...)) dlsym (RTLD_NEXT, "syscall");
  return real (number, a[0], a[1], a[2], a[3], a[4], a[5]);
}
