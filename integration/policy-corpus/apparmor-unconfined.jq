# AppArmor explicitly off.
# expect: CINCH-APPARMOR-UNCONFINED process.apparmorProfile
.process.apparmorProfile = "unconfined"
