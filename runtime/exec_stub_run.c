/* cinch — handing the container's program over through the exec stub
 * (runtime/exec_stub.c says why).  */
#include "exec_stub.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif

int
cinch_exec_stub_open (cinch_error_t *err)
{
  unsigned int flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
  int fd = memfd_create ("cinch-exec", flags | MFD_EXEC);

  if (fd < 0 && errno == EINVAL) /* kernels before 6.3 know no MFD_EXEC */
    fd = memfd_create ("cinch-exec", flags);
  if (fd < 0)
    return cinch_fail (err, errno, "memfd_create for the exec stub");
  if (cinch_write_all (fd, cinch_exec_stub, cinch_exec_stub_len) < 0
      || fchmod (fd, 0555) < 0
      || (fcntl (fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE
                                      | F_SEAL_EXEC)
              < 0
          && fcntl (fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)
                 < 0))
    {
      int e = errno;
      close (fd);
      return cinch_fail (err, e, "seal the exec stub");
    }
  return fd;
}

void
cinch_exec_stub_run (int stub_fd, const char *exe, char *const *args, char *const *env)
{
  if (stub_fd >= 0)
    {
      size_t n = cinch_strv_len (args);
      char **argv = calloc (n + 3, sizeof (char *));
      if (argv != NULL)
        {
          argv[0] = (char *) "cinch-exec";
          argv[1] = (char *) exe;
          for (size_t i = 0; i < n; i++)
            argv[i + 2] = args[i];
          syscall (SYS_execveat, stub_fd, "", argv, env, AT_EMPTY_PATH);
          free (argv);
          /* A seccomp profile of the container's own without execveat, or
           * memfds that may not be executed: straight to the program.  */
          if (errno != ENOSYS && errno != EPERM && errno != EACCES)
            return;
        }
    }
  execve (exe, args, env);
}
