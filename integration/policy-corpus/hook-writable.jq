# A hook inside a directory the policy file allows (hook-dirs = $t/hooks),
# but writable by everyone (the test makes it mode 0777).
# expect: CINCH-HOOK-WRITABLE hooks.createRuntime[0].path
.hooks.createRuntime = [{path: ($t + "/hooks/hook.sh")}]
