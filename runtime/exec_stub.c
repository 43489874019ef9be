/* cinch — the exec stub: the last step into the container's program.
 *
 * The container process is a fork of cinch until it executes the user's
 * program, so its /proc/self/exe is the cinch binary on the host.  A
 * program whose "#!" interpreter (or ELF interpreter) is /proc/self/exe
 * would make the kernel run that binary inside the container, where the
 * container could trace it, open its /proc/PID/exe and, once cinch has
 * exited, write to the host's cinch (CVE-2019-5736).  cinch therefore
 * never executes the user's program itself: it executes this stub — a few
 * hundred bytes, embedded in cinch at build time and handed over in a
 * sealed memfd — and the stub executes the program.  While the stub runs
 * its /proc/self/exe is that sealed memfd, so the same trick only ever
 * reaches an unwritable copy of the stub.  cinch itself is never
 * re-executed.
 *
 * Built freestanding (no libc, no start files): argv is
 *   [ "cinch-exec", PATH, ARGV0, ARGV1, ... ]
 * and the stub does execve(PATH, &argv[2], envp); if that fails it prints
 * "cinch: exec PATH: error N" and exits 127.  x86_64 only, like the
 * default seccomp profile.  */
#include <asm/unistd.h>

static long
sys3 (long n, long a, long b, long c)
{
  long r;
  __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return r;
}

static unsigned long
len (const char *s)
{
  unsigned long n = 0;
  while (s[n])
    n++;
  return n;
}

static void
put (const char *s, unsigned long n)
{
  sys3 (__NR_write, 2, (long) s, (long) n);
}

__attribute__ ((used, noreturn)) void cinch_stub_main (long *sp);

void
cinch_stub_main (long *sp)
{
  long argc = sp[0];
  char **argv = (char **) (sp + 1);
  char **envp = argv + argc + 1;
  long r = -22; /* EINVAL */
  char num[24];
  int i = (int) sizeof (num);
  unsigned long e;

  if (argc >= 3)
    r = sys3 (__NR_execve, (long) argv[1], (long) (argv + 2), (long) envp);
  e = (unsigned long) -r;
  do
    num[--i] = (char) ('0' + e % 10);
  while ((e /= 10) != 0 && i > 0);
  put ("cinch: exec ", 12);
  if (argc >= 2)
    put (argv[1], len (argv[1]));
  put (": error ", 8);
  put (num + i, sizeof (num) - (unsigned long) i);
  put ("\n", 1);
  for (;;)
    sys3 (__NR_exit_group, 127, 0, 0);
}

__asm__ (".text\n"
         ".globl _start\n"
         "_start:\n"
         "  mov %rsp, %rdi\n"
         "  and $-16, %rsp\n"
         "  call cinch_stub_main\n"
         "  hlt\n");
