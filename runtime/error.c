#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
vformat (const char *fmt, va_list ap)
{
  char *s = NULL;
  if (vasprintf (&s, fmt, ap) < 0)
    return NULL;
  return s;
}

int
cinch_fail (cinch_error_t *err, int errnum, const char *fmt, ...)
{
  va_list ap;
  char *base;
  struct cinch_error *e;

  if (err == NULL)
    return -1;
  va_start (ap, fmt);
  base = vformat (fmt, ap);
  va_end (ap);
  e = calloc (1, sizeof (*e));
  if (e == NULL)
    {
      free (base);
      return -1;
    }
  e->errnum = errnum;
  if (errnum != 0 && base != NULL)
    {
      if (asprintf (&e->msg, "%s: %s", base, strerror (errnum)) < 0)
        e->msg = NULL;
      free (base);
    }
  else
    e->msg = base;
  cinch_error_free (err);
  *err = e;
  return -1;
}

int
cinch_fail_code (cinch_error_t *err, int errnum, const char *fmt, ...)
{
  va_list ap;
  char *msg;

  if (err == NULL)
    return -1;
  va_start (ap, fmt);
  msg = vformat (fmt, ap);
  va_end (ap);
  cinch_fail (err, 0, "%s", msg ? msg : "unknown error");
  free (msg);
  if (*err)
    (*err)->errnum = errnum;
  return -1;
}

int
cinch_error_wrap (cinch_error_t *err, const char *fmt, ...)
{
  va_list ap;
  char *prefix, *msg = NULL;

  if (err == NULL || *err == NULL)
    return -1;
  va_start (ap, fmt);
  prefix = vformat (fmt, ap);
  va_end (ap);
  if (prefix == NULL)
    return -1;
  if (asprintf (&msg, "%s: %s", prefix, (*err)->msg ? (*err)->msg : "unknown error") >= 0)
    {
      free ((*err)->msg);
      (*err)->msg = msg;
    }
  free (prefix);
  return -1;
}

void
cinch_error_free (cinch_error_t *err)
{
  if (err == NULL || *err == NULL)
    return;
  free ((*err)->msg);
  free (*err);
  *err = NULL;
}

const char *
cinch_error_msg (cinch_error_t err)
{
  if (err == NULL || err->msg == NULL)
    return "unknown error";
  return err->msg;
}
