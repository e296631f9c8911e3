"""Hand-written name knowledge: spelling variants, short forms, titles, particles and very common names.

Why tables and not only fuzzy distance: "Bob" and "Robert" share no letters, while "Mason" and "Jason" differ by
one. A distance alone would miss the first and merge twins in the second. So the tables say both what is the same
name (a group) and, by listing many names, what is a *different* real name rather than a typo.

Every entry is lower-case ASCII, as produced by ``normalise.normalise_text``. The groups are deliberately short
lists of widely used forms; extending them is the intended way to tune the engine for a local population.
"""

from __future__ import annotations

from functools import lru_cache


def _words(text: str) -> list[str]:
    """Tables are written as space-separated words: easier to read and extend than lists of quoted strings."""
    return text.split()


# Each group: (full forms, short forms). The first full form names the group. A token may sit in several groups
# ("jon" is short for both John and Jonathan; "sam" for Samuel and Samantha).
_GROUPS: tuple[tuple[str, str], ...] = (
    # Arabic, Turkish, Persian and South Asian transliterations
    ("muhammad mohammed mohammad mohamed muhammed mohamad muhamad mohamud maxamed mohd mhd mahomed", "mo moe"),
    ("ahmed ahmad ahmet achmed", ""),
    ("yusuf yousef youssef yusef yousuf yousif yusif yossef", ""),
    ("abdullah abdallah abdulla abdalla abdellah", ""),
    ("abdulrahman abdurrahman abdelrahman abdalrahman abdirahman abdurahman", ""),
    ("hussain hussein husain husein hossein husayn", ""),
    ("hassan hasan", ""),
    ("hamza hamzah hamzeh", ""),
    ("mustafa mustapha moustafa mostafa", ""),
    ("omar umar omer", ""),
    ("osman usman uthman othman", ""),
    ("ibrahim ebrahim ibraheem", ""),
    ("ismail ismael esmail ismaeel", ""),
    ("ali aly", ""),
    ("khalid khaled", ""),
    ("tariq tarik tareq", ""),
    ("bilal belal", ""),
    ("sulaiman suleiman sulayman suleyman soliman", ""),
    ("yahya yahia", ""),
    ("idris idrees idriss", ""),
    ("yasin yaseen yassin yassine", ""),
    ("zakaria zakariya zakariyya", "zak"),
    ("fatima fatimah fatma fatema", ""),
    ("aisha ayesha aysha aishah aicha", ""),
    ("khadija khadijah khadeeja", ""),
    ("maryam mariam meryem maryum", ""),
    ("zainab zaynab zeinab zaineb", ""),
    ("yasmin yasmeen yasmine", ""),
    ("noor nour nur", ""),
    ("amina aminah ameena", ""),
    # Slavic, Greek and European cognates that English records often anglicise
    ("alexander aleksandr aleksander alexandr oleksandr alexandre alessandro alejandro", "alex sasha sacha sandy"),
    ("alexandra aleksandra alessandra", "alex sasha lexi"),
    ("dmitri dmitry dmitriy dimitri", ""),
    ("sergei sergey serhiy", ""),
    ("yuri yury yuriy", ""),
    ("michael mikhail mykhailo michal", "mike mick micky mikey"),
    ("andrew andrei andrey andriy andrzej andreas", "andy drew"),
    ("peter piotr petr pyotr", "pete"),
    ("paul pavel pawel", ""),
    ("jacob jakub jakob yakub yaqub", "jake"),
    ("thomas tomasz tomas", "tom tommy"),
    ("george georgios giorgos yiorgos", "georgie"),
    ("joseph josef jozef", "joe joey"),
    (
        "catherine katherine kathryn katharine kathrine catharine katarzyna katerina ekaterina",
        "kate katie katy kathy cathy cath kat kitty",
    ),
    # English given names and their usual short forms
    ("robert", "bob bobby rob robbie robby bert"),
    ("william", "bill billy will willy liam"),
    ("elizabeth elisabeth", "beth liz lizzie lizzy eliza betty libby bess"),
    ("james", "jim jimmy jamie"),
    ("daniel", "dan danny"),
    ("danielle daniella daniela", "dani"),
    ("samuel", "sam sammy"),
    ("samantha", "sam sammie"),
    ("matthew mathew", "matt matty"),
    ("christopher kristopher", "chris kit"),
    ("christina christine kristina", "chris tina"),
    ("jonathan jonathon johnathan", "jon jonny"),
    ("john", "jon jack johnny"),
    ("richard", "rich rick ricky richie dick"),
    ("edward", "ed eddie ted ned"),
    ("anthony antony", "tony"),
    ("benjamin", "ben benny"),
    ("nicholas nicolas", "nick nicky"),
    ("david dawid dafydd", "dave davey"),
    ("charles", "charlie chas"),
    ("margaret", "maggie meg peggy"),
    ("rebecca rebekah", "becky becca"),
    ("jennifer", "jen jenny"),
    ("victoria", "vicky vikki tori"),
    ("jessica", "jess jessie"),
    ("abigail", "abbie abby abi"),
    ("nathan nathaniel", "nate nat"),
    ("patrick", "pat paddy"),
    ("patricia", "pat trish tricia"),
    ("stephen steven stefan stephan", "steve stevie"),
    ("timothy", "tim timmy"),
    ("zachary", "zach zack zak"),
    ("joshua", "josh"),
    ("gregory", "greg"),
    ("kenneth", "ken kenny"),
    ("ronald", "ron ronnie"),
    ("frederick", "fred freddie freddy"),
    ("henry", "harry hal"),
    ("oliver", "ollie olly"),
    ("isabella isabelle isabel", "bella izzy issy"),
    ("deborah debra", "debbie deb"),
    ("susan", "sue susie"),
    ("eleanor elinor", "ellie nell"),
    ("mary", "molly polly"),
    ("alfred", "alfie alf"),
    ("theodore", "theo ted"),
    ("archibald", "archie"),
    ("maximilian maximillian", "max"),
    ("stephanie stefanie", "steph"),
    ("jacqueline", "jackie jacqui"),
    ("natasha", "tasha tash"),
    ("natalie nathalie", "nat"),
    ("gabriella gabriela", "gabby gabi"),
    ("lawrence laurence", "larry laurie"),
    ("raymond", "ray"),
    ("terence terrence", "terry"),
    ("sophie sophia sofia", ""),
    ("lily lilly lillie", ""),
    ("sean shaun shawn", ""),
    ("zoe zoey", ""),
    ("leah lea", ""),
    ("hannah hanna", ""),
    ("sarah sara", ""),
    ("aidan aiden", ""),
    ("callum calum", ""),
    ("connor conor", ""),
)

# Real given names that are not in a group. Two *different* known names are treated as different people, never as a
# typo of each other (Mason / Jason, Ava / Eva, Lan / Linh). Drawn from common names in England and Wales and in the
# communities the demo authorities serve; not exhaustive, and a name missing here simply falls back to fuzzy rules.
_OTHER_GIVEN_NAMES = """
aaron adam adrian aiza alfie alice amber amelia amir amy anjali anna anya archie arthur ava bella blake bobbie
caleb cameron carl charlotte chloe cody craig dylan ellie ella elliot emma emily erin ethan eva evie ewan faisal
finley finn freya gabriel grace hadi hamid harley harvey hayley heidi holly hugo ian imran isaac isla ivy jack
jade jasmine jason jayden jenna jordan kai kayla keira kian kyle lan layla leo lewis liam linh logan lola louis
lucas lucy luke mason matilda maya megan mia millie minh mohsin musa lamin nadia naomi noah omari owen phoebe
poppy priya rachel reece riley rosie ruby ryan saad sadia safiya sami sana scarlett shannon sienna simran
summer theo tobi toby tyler wei xiaoming zain zara zayn anh mai hoa huong ngoc thao trang
"""

HONORIFICS = frozenset(
    _words("mr mrs ms miss mx master dr doctor prof professor rev revd sir dame lord lady sheikh shaikh haji hajji")
)
SUFFIXES = frozenset(_words("jr jnr junior sr snr senior ii iii iv"))
# Surname particles: dropped for comparison ("Al-Hassan" and "Hassan" agree), kept in the joined form ("Ben Ali"
# and "Benali" agree too). Only treated as particles inside a surname, never as a given name ("Ben", "Van").
PARTICLES = frozenset(_words("al el ul bin ibn bint ben van von de der den da di du la le del della dos das ter ten"))

COMMON_SURNAMES = frozenset(
    _words(
        """
    smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson wright walker
    white edwards hughes green hall lewis harris clarke clark jackson wood martin cooper murphy kelly patel khan ali
    ahmed hussain hussein begum akhtar shah singh kaur rahman islam miah uddin chowdhury bibi mahmood iqbal kumar
    sharma nguyen tran li wang zhang chen liu kowalski nowak mohammed muhammad
        """
    )
)
# Group names (or plain names) common enough that agreeing on them alone says little.
COMMON_GIVEN = frozenset(
    _words(
        """
    muhammad ahmed ali hassan hussain omar abdullah yusuf ibrahim jack james oliver harry george thomas william
    daniel joshua adam john david michael christopher olivia amelia ava emily sophie fatima aisha maryam jessica
    chloe emma ella grace lily sarah
        """
    )
)


def _build() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    groups: dict[str, set[str]] = {}
    short_forms: set[str] = set()
    for full, short in _GROUPS:
        names = full.split()
        group_id = names[0]
        for name in names + short.split():
            groups.setdefault(name, set()).add(group_id)
        short_forms.update(short.split())
    return {name: frozenset(ids) for name, ids in groups.items()}, frozenset(short_forms)


_GROUP_OF, SHORT_FORMS = _build()
KNOWN_GIVEN_NAMES = frozenset(_GROUP_OF) | frozenset(_words(_OTHER_GIVEN_NAMES))


@lru_cache(maxsize=8192)
def name_groups(token: str) -> frozenset[str]:
    """The groups a name token belongs to (empty if the tables do not know it)."""
    return _GROUP_OF.get(token, frozenset())


def canonical_forms(token: str) -> frozenset[str]:
    """The group names of a token, or the token itself: what blocking keys and common-name checks look at."""
    return name_groups(token) or frozenset((token,))


def is_common_given(token: str) -> bool:
    return bool(canonical_forms(token) & COMMON_GIVEN)


def is_common_surname(token: str) -> bool:
    return token in COMMON_SURNAMES or bool(name_groups(token) & COMMON_SURNAMES)
