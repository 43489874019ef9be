# A hook outside the hook directories, under the world-writable /tmp
# (the test creates $hostdir/hook.sh, mode 0755, owned by root).
# expect: CINCH-HOOK-DIR hooks.prestart[0].path
# expect: CINCH-HOOK-WRITABLE hooks.prestart[0].path
.hooks.prestart = [{path: ($hostdir + "/hook.sh")}]
