#include "jsonutil.h"

#include <stdlib.h>
#include <unistd.h>

json_t *
cinch_json_must (json_t *v)
{
  if (v == NULL)
    {
      static const char m[] = "cinch: out of memory building a JSON document\n";
      (void) !write (2, m, sizeof (m) - 1);
      abort ();
    }
  return v;
}

json_t *
cinch_json_str_array (const char *const *v)
{
  json_t *a = cinch_json_must (json_array ());

  for (; *v != NULL; v++)
    cinch_json_append (a, json_string (*v));
  return a;
}

void
cinch_json_set (json_t *obj, const char *key, json_t *value)
{
  if (json_object_set_new (obj, key, cinch_json_must (value)) < 0)
    cinch_json_must (NULL);
}

void
cinch_json_append (json_t *arr, json_t *value)
{
  if (json_array_append_new (arr, cinch_json_must (value)) < 0)
    cinch_json_must (NULL);
}
