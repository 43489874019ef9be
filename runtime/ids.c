/* cinch — container id validation (pure).  */
#include <string.h>

#include "state.h"

static bool
id_char_ok (char c, bool first)
{
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return true;
  return !first && (c == '_' || c == '.' || c == '+' || c == '-');
}

int
cinch_id_validate (const char *id, cinch_error_t *err)
{
  size_t len;

  if (id == NULL || *id == '\0')
    return cinch_fail (err, 0, "container id is empty");
  len = strlen (id);
  if (len > CINCH_ID_MAX)
    return cinch_fail (err, 0, "container id is %zu bytes long, the limit is %d", len,
                       CINCH_ID_MAX);
  for (size_t i = 0; i < len; i++)
    if (!id_char_ok (id[i], i == 0))
      return cinch_fail (err, 0, "invalid container id `%.64s%s`: use [A-Za-z0-9][A-Za-z0-9_.+-]*",
                         id, len > 64 ? "..." : "");
  return 0;
}
