"""Write listening/data/common_passwords.txt: common passwords of 12+ characters.

Nothing is downloaded. The list is built deterministically from the shapes that
dominate every published breach corpus: a common word, name, team or keyboard walk,
then digits, a year or a symbol; doubled words; long digit and keyboard runs; plus
hand-picked phrases. passwords.py also checks these shapes at run time (after
undoing l33t substitutions), so the file is the explicit floor, not the whole check.

    .venv/bin/python bench/make_common_passwords.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "listening" / "data" / "common_passwords.txt"
MIN = 12

# The base words at the top of breach-frequency lists, plus UK/Leeds-flavoured ones.
_WORD_TEXT = """
password passw0rd p@ssword pass qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm iloveyou loveyou
princess sunshine football baseball basketball soccer hockey monkey dragon shadow master
superman batman spiderman starwars pokemon letmein welcome welcome1 trustno1 whatever freedom
flower hello hellokitty charlie michael jennifer jessica ashley daniel thomas robert matthew
andrew joshua jordan hunter ranger buster tigger cookie summer winter autumn spring butterfly
chocolate computer internet access secret changeme default administrator admin root login
mustang harley ferrari porsche mercedes chelsea liverpool arsenal manchester manutd leeds
leedsunited tottenham everton celtic rangers england scotland london yorkshire elizabeth
victoria william george charlotte olivia amelia jack harry oliver sophie emily chloe jasmine
samantha nicole michelle amanda melissa stephanie rebecca lauren hannah katie lucy ellie
benjamin alexander christopher nicholas anthony jonathan richard steven james david peter
purple orange yellow silver golden diamond angel angels lovely babygirl baby sweety honey
family friends forever together iloveu iloveyou2 loveme lover blessed jesus christ heaven
maggie ginger bailey buddy max rocky lucky molly daisy poppy teddy snoopy scooter
killer ninja dragon1 phoenix matrix hacker gamer minecraft fortnite roblox
qazwsx qweasd qweasdzxc 1qaz2wsx zaq12wsx abcdef abcdefg abc123 asdasd
community council network listening hark anchor
"""
WORDS = _WORD_TEXT.split()

SUFFIXES = (
    ["", "!", "!!", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789",
     "01", "007", "69", "99", "00", "11", "22", "321", "123!", "1!", "@123", "#1", "2", "3", "7"]
    + [str(y) for y in range(1960, 2031)]
    + [f"@{y}" for y in range(2015, 2031)] + [f"{y}!" for y in range(2015, 2031)]
)

WALKS = [
    "qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "0987654321", "qwertyuiopasdfghjkl",
    "1q2w3e4r5t6y", "1q2w3e4r5t6y7u8i", "q1w2e3r4t5y6", "zaq1xsw2cde3", "1qaz2wsx3edc", "qazwsxedcrfv",
    "qweasdzxc123", "!qaz@wsx#edc", "1qaz@wsx3edc", "qwerty123456", "qwertyqwerty", "asdfasdfasdf",
    "abcdefghijkl", "abcdefghijklmnop", "abcdefghijklmnopqrstuvwxyz", "abc123abc123", "a1b2c3d4e5f6",
    "123456789012", "1234567891011", "123123123123", "121212121212", "123451234512345",
    "147258369147", "159753159753", "741852963741", "987654321098", "112233445566", "111222333444",
    "01234567890", "098765432112",
]

HAND_PICKED = [
    "password1234", "password12345", "passwordpassword", "iloveyou1234", "letmein12345",
    "welcome12345", "changeme1234", "administrator", "trustno11234", "passw0rd1234", "demo-password",
    "correcthorsebatterystaple", "correct horse battery staple", "thequickbrownfox",
    "thequickbrownfoxjumpsoverthelazydog", "iloveyouforever", "letmeinplease", "opensesame123",
    "myspace12345", "facebook1234", "google123456", "linkedin1234", "microsoft123", "whatever1234",
    "nopassword12", "passwordisnone", "mypassword123", "mypassword1234", "thisismypassword",
    "passwordispassword", "secretpassword", "supersecret123", "supersecretpassword", "topsecret1234",
    "administrator1", "administrator123", "adminadmin123", "rootroot1234", "useruser1234",
    "testtest1234", "test12345678", "temp12345678", "guest1234567", "default12345", "welcomehome123",
    "harkharkhark", "hark12345678", "listening123", "community123", "leedsunited1", "leedsunited123",
]

SPECIAL_WALKS = [c * n for c in "0123456789abcdefghijklmnopqrstuvwxyz!" for n in (12, 14, 16)]


def generate() -> list[str]:
    found: set[str] = set()
    for word in WORDS:
        for suffix in SUFFIXES:
            found.add(word + suffix)
        found.add(word + word)
        found.add(word * 3)
    for a in WORDS[:60]:
        for b in ("123", "1234", "2024", "2025", "!"):
            found.add("my" + a + b)
            found.add("i love " + a)
            found.add("ilove" + a + b)
    found.update(WALKS)
    found.update(HAND_PICKED)
    found.update(SPECIAL_WALKS)
    return sorted(p.lower() for p in found if len(p) >= MIN)


def main() -> None:
    words = generate()
    OUT.write_text(
        "# Common passwords of 12+ characters, generated by bench/make_common_passwords.py (do not edit).\n"
        + "\n".join(words) + "\n"
    )
    print(f"{len(words)} passwords written to {OUT}")


if __name__ == "__main__":
    main()
