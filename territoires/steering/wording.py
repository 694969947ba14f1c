"""The bilan's figures in words, the way the programme's own bilans write them: "une
trentaine de territoires", "presque 400 actions", "une cinquantaine de millions
d'euros". The exact figures follow in `precise_figures` and in the tables."""

from decimal import Decimal

from django.utils.formats import number_format

TENS = {
    10: "une dizaine",
    20: "une vingtaine",
    30: "une trentaine",
    40: "une quarantaine",
    50: "une cinquantaine",
    60: "une soixantaine",
    100: "une centaine",
}


def number(n):
    """An integer written the French way: 1 234."""
    return number_format(int(n), force_grouping=True)


def of(noun):
    """ "de territoires", "d'actions": French elision before a vowel or a mute h."""
    return f"d'{noun}" if noun[:1].lower() in "aeéèêiîoôuh" else f"de {noun}"


def plural(n, singular, plural_form=None):
    """ "1 action", "2 actions", "0 action" (French: zero and one are singular)."""
    word = singular if abs(int(n)) < 2 else (plural_form or singular + "s")
    return f"{number(n)} {word}"


def about(n, noun):
    """`n` `noun`s, rounded as people say it: "une trentaine de territoires" (28 to 32),
    "presque 400 actions" (380 to 399), "plus de 300 actions" (301 to 315), else the
    exact figure ("150 actions"); below ten, always exact."""
    n = int(n)
    tens = round(n / 10) * 10
    if 10 <= n < 100 and tens in TENS and abs(n - tens) <= 2 or n == 100:
        return f"{TENS[tens]} {of(noun)}"
    if n > 100:
        hundreds = round(n / 100) * 100
        if 0 < hundreds - n <= hundreds * 0.05:
            return f"presque {number(hundreds)} {noun}"
        if 0 < n - hundreds <= hundreds * 0.05:
            return f"plus de {number(hundreds)} {noun}"
    return f"{number(n)} {noun}"


def about_money(amount):
    """An amount of euros as people say it: "une cinquantaine de millions d'euros",
    "presque 200 millions d'euros", "350 000 euros"."""
    amount = Decimal(amount)
    if amount >= 1_000_000:
        millions = int((amount / 1_000_000).to_integral_value())
        return about(millions, "millions d'euros")
    return f"{number(amount)} euros"


def headline(bilan):
    """The headline sentence of the bilan."""
    total = bilan.total
    when = f"Au {bilan.day:%d/%m/%Y}"
    if bilan.region is not None:
        when += f", en région {bilan.region.name}"
    if total.validated_territories == 0:
        territories = (
            "aucun territoire n'a encore défini sa gouvernance et validé son plan d'actions"
        )
    elif total.validated_territories == 1:
        territories = "1 territoire a défini sa gouvernance et validé son plan d'actions"
    else:
        territories = (
            f"{about(total.validated_territories, 'territoires')} ont défini leur gouvernance "
            "et validé leur plan d'actions"
        )
    if total.actions > 1:
        actions = about(total.actions, "actions")
    else:
        actions = plural(total.actions, "action")
    sentence = f"{when}, {territories} ; {actions}"
    if bilan.public:
        return sentence + (" publiées." if total.actions > 1 else " publiée.")
    if total.funded_actions:
        verb = "ont" if total.funded_actions > 1 else "a"
        sentence += (
            f" ; {number(total.funded_actions)} {verb} fait l'objet d'un engagement financier "
            f"pour {about_money(total.committed)}"
        )
    else:
        sentence += " ; aucune n'a encore fait l'objet d'un engagement financier"
    return sentence + "."


def precise_figures(bilan):
    """The same figures, exact."""
    total = bilan.total
    published = (" publiée", " publiées") if bilan.public else ("", "")
    parts = [
        plural(total.territories, "territoire") + " dans le programme",
        f"{number(total.validated_territories)} avec gouvernance et plan d'actions validé",
        f"{number(total.signed_territories)} ayant signé",
        plural(total.actions, "action" + published[0], "actions" + published[1]),
    ]
    if not bilan.public:
        parts.append(plural(total.funded_actions, "action") + " avec un engagement financier")
        committed = number_format(total.committed, decimal_pos=2, force_grouping=True)
        parts.append(f"{committed} € engagés")
    return "Chiffres exacts : " + ", ".join(parts) + "."
