"""Legal-reasoning environments: IRAC tasks over a closed-world rule system stated in the prompt.

Every task renders a fictional statute (numbered elements, exceptions, definitions) and a fact
pattern generated from latent element values; the answer is a structured IRAC object scored by
`palaestra.verifiers.irac` (conclusion exact, element-by-element partial credit).
"""

CATALOG: dict[str, str] = {
    "legal/diversity-jurisdiction-v1": (
        "palaestra.envs.legal.diversity_jurisdiction:DiversityJurisdiction"
    ),
    "legal/hearsay-v1": "palaestra.envs.legal.hearsay:Hearsay",
    "legal/personal-jurisdiction-v1": (
        "palaestra.envs.legal.personal_jurisdiction:PersonalJurisdiction"
    ),
    "legal/adverse-possession-v1": "palaestra.envs.legal.adverse_possession:AdversePossession",
    "legal/burglary-larceny-v1": "palaestra.envs.legal.burglary_larceny:BurglaryLarceny",
    "legal/comparative-negligence-v1": (
        "palaestra.envs.legal.comparative_negligence:ComparativeNegligence"
    ),
    "legal/contract-formation-v1": "palaestra.envs.legal.contract_formation:ContractFormation",
    "legal/tax-computation-v1": "palaestra.envs.legal.tax_computation:TaxComputation",
    "legal/intestate-succession-v1": (
        "palaestra.envs.legal.intestate_succession:IntestateSuccession"
    ),
    "legal/successor-liability-v1": "palaestra.envs.legal.successor_liability:SuccessorLiability",
    "legal/statute-of-frauds-v1": "palaestra.envs.legal.statute_of_frauds:StatuteOfFrauds",
    "legal/goods-services-v1": "palaestra.envs.legal.goods_services:GoodsServices",
    "legal/limitation-deadline-v1": "palaestra.envs.legal.limitation_deadline:LimitationDeadline",
    "legal/issue-spotting-v1": "palaestra.envs.legal.issue_spotting:IssueSpotting",
}
