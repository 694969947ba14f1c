"""Questions about funding: the catalogue of schemes (dispositifs)."""


class FundingRules:
    def can_manage_schemes(self) -> bool:
        """The catalogue is kept by the national team (imports, corrections)."""
        return self.is_national
