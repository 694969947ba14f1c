"""The maps drawn on the server: shades, legend, one outline per department, links."""

from territoires.steering import maps


def test_every_value_gets_a_shade_and_the_legend_covers_them():
    largest = 17
    legend_texts = [text for _swatch, text in maps.legend(largest, "fiche", "fiches")]
    assert legend_texts[0] == "0 fiche" and legend_texts[-1].endswith("17 fiches")
    assert maps.shade(0, largest) == maps.EMPTY
    assert maps.shade(1, largest) == maps.SHADES[0]
    assert maps.shade(17, largest) == maps.SHADES[-1]
    shades = [maps.shade(v, largest) for v in range(1, 18)]
    assert shades == sorted(shades, key=maps.SHADES.index)
    assert maps.legend(0, "fiche", "fiches") == []
    assert [text for _swatch, text in maps.legend(1, "territoire", "territoires")] == [
        "0 territoire",
        "1 territoire",
    ]


def test_the_map_draws_each_department_from_the_pinned_outlines():
    view_box, shapes = maps.outlines()
    assert view_box == "0 0 613 585"
    assert {"01", "2A", "2B", "52", "95"} <= set(shapes)
    svg = maps.france("Carte <test>", {"52": (3, "Haute-Marne & co", "/t/?department=52")})
    assert svg.count("<path ") == len(shapes)
    assert 'href="/t/?department=52"' in svg and 'aria-label="Haute-Marne (52) : ' in svg
    assert "Carte &lt;test&gt;" in svg and "&amp; co" in svg
    assert 'role="group"' in svg and "style=" not in svg
