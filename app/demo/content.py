"""Demo content for Convene: the model forum, the model training, participants and notes.

Pure data, no logic. Every human-readable text is a dict {"en": ..., "ru": ..., "kk": ...}.

The forum is modelled on the first OSCE-supported forum on Kazakhstan's National
Preventive Mechanism against Torture (Astana, 16-17 May 2017). Facts stated in the
public OSCE news item about that event are kept as stated; everything else (the
agenda details, the invented people and organisations, the notes) is plausible
demo material. György Szabó and Askar Shakirov are real public figures named in
the source; all other people are fictitious. All e-mail addresses use example.org.

Terminology used throughout:
  NPM  — ru «национальный превентивный механизм (НПМ)»,
         kk «ұлттық алдын алу тетігі (ҰАТ)»;
  Ombudsman — ru «Уполномоченный по правам человека»,
              kk «Адам құқықтары жөніндегі уәкіл»;
  preventive visit — ru «превентивное посещение»,
                     kk «алдын алу мақсатындағы бару»;
  OPCAT — ru «Факультативный протокол к Конвенции против пыток (ФП КПП)»,
          kk «Азаптауларға қарсы конвенцияның Факультативтік хаттамасы».
"""

from datetime import date, time

FORUM = {
    "slug": "npm-forum-astana-2017",
    "kind": "forum",
    "start_date": date(2017, 5, 16),
    "end_date": date(2017, 5, 17),
    "timezone": "Asia/Almaty",
    "venue": {
        "en": "Saryarka Plaza Hotel, Conference Centre, Kabanbay Batyr Avenue, Astana",
        "ru": "Конференц-центр гостиницы «Сарыарка Плаза», проспект Кабанбай батыра, Астана",
        "kk": "«Сарыарқа Плаза» қонақүйінің конференц-орталығы, Қабанбай батыр даңғылы, Астана",
    },
    "languages": ["en", "ru", "kk"],
    "default_language": "ru",
    "visibility": "public",
    "capacity": 120,
    "registration_mode": "approval",
    "title": {
        "en": "Forum on the National Preventive Mechanism against Torture: National and International Experience",
        "ru": "Форум по национальному превентивному механизму против пыток: национальный и международный опыт",
        "kk": "Азаптауларға қарсы ұлттық алдын алу тетігі жөніндегі форум: ұлттық және халықаралық тәжірибе",
    },
    "summary": {
        "en": (
            "The first OSCE-supported forum on Kazakhstan's National Preventive Mechanism against Torture "
            "brings together government officials, parliamentarians, the Ombudsman's office, civil-society "
            "NPM participants and international experts to discuss how preventive monitoring of places "
            "of detention can be made more effective."
        ),
        "ru": (
            "Первый форум по национальному превентивному механизму против пыток в Казахстане, проводимый "
            "при поддержке ОБСЕ, объединяет представителей государственных органов, Парламента, института "
            "Уполномоченного по правам человека, участников НПМ из числа гражданского общества и "
            "международных экспертов, чтобы обсудить, как сделать превентивный мониторинг мест лишения "
            "свободы более эффективным."
        ),
        "kk": (
            "ЕҚЫҰ қолдауымен өтетін Қазақстандағы азаптауларға қарсы ұлттық алдын алу тетігі жөніндегі "
            "алғашқы форум мемлекеттік органдардың, Парламенттің, Адам құқықтары жөніндегі уәкіл "
            "институтының өкілдерін, азаматтық қоғамнан шыққан ҰАТ қатысушыларын және халықаралық "
            "сарапшыларды бас бостандығынан айыру орындарындағы алдын алу мониторингін қалай тиімдірек "
            "жүргізуге болатынын талқылау үшін бір алаңға жинайды."
        ),
    },
    "description": {
        "en": """The two-day forum is the first OSCE-supported forum on Kazakhstan's National Preventive Mechanism against Torture (NPM). It focuses on national and international experience and brings together some 100 high-level government officials, parliamentarians, representatives of national human rights institutions, a member of the UN Subcommittee on Prevention of Torture, local and international legal experts, and NPM participants from across the country.

The forum is organised by the **OSCE Programme Office in Astana** in partnership with the **Commissioner for Human Rights (Ombudsman) of the Republic of Kazakhstan** and the **Regional Office of the UN High Commissioner for Human Rights**, with support from the **Penal Reform International Office in Central Asia** and the **European Union/Council of Europe Joint Programme** on improving the justice system in Kazakhstan.

The forum is dedicated to the tenth anniversary of the Optional Protocol to the UN Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment (OPCAT) and is part of the Programme Office's long-term efforts to support the NPM in Kazakhstan.

Topics on the agenda:

- the legislative framework of the NPM in the light of international standards;
- challenges in providing public oversight at detention facilities;
- constructive co-operation between state authorities and preventive bodies;
- implementation of recommendations on eradicating torture;
- preventive visits in Council of Europe countries and analysing their effectiveness, with experts from Georgia, Slovenia, Spain and the United Kingdom;
- the consolidated report on the results of preventive visits conducted by NPM participants in Kazakhstan in 2016.

The working languages are Kazakh, Russian and English. Simultaneous interpretation is provided in the plenary hall; parallel sessions in the breakout rooms are interpreted between English and Russian.""",
        "ru": """Двухдневный форум — первый форум по национальному превентивному механизму против пыток (НПМ) в Казахстане, проводимый при поддержке ОБСЕ. Он посвящён национальному и международному опыту и собирает около 100 участников: высокопоставленных представителей государственных органов, депутатов Парламента, представителей национальных правозащитных институтов, члена Подкомитета ООН по предупреждению пыток, казахстанских и зарубежных экспертов в области права, а также участников НПМ со всей страны.

Организатор форума — **Офис программ ОБСЕ в Астане** в партнёрстве с **Уполномоченным по правам человека в Республике Казахстан** и **Региональным отделением Управления Верховного комиссара ООН по правам человека** при поддержке **Представительства Penal Reform International в Центральной Азии** и **Совместной программы Европейского союза и Совета Европы** «Совершенствование системы правосудия в Казахстане».

Форум приурочен к десятилетию Факультативного протокола к Конвенции ООН против пыток и других жестоких, бесчеловечных или унижающих достоинство видов обращения и наказания (ФП КПП) и является частью долгосрочной работы Офиса программ по поддержке НПМ в Казахстане.

Темы для обсуждения:

- законодательная база НПМ в свете международных стандартов;
- проблемы осуществления общественного контроля в местах лишения свободы;
- конструктивное взаимодействие государственных органов и участников превентивного механизма;
- выполнение рекомендаций по искоренению пыток;
- превентивные посещения в странах Совета Европы и анализ их эффективности — опыт Грузии, Словении, Испании и Великобритании;
- консолидированный доклад о результатах превентивных посещений, проведённых участниками НПМ в Казахстане в 2016 году.

Рабочие языки форума — казахский, русский и английский. В пленарном зале обеспечивается синхронный перевод; параллельные сессии в секционных залах сопровождаются переводом с английского на русский и обратно.""",
        "kk": """Екі күнге созылатын форум — ЕҚЫҰ қолдауымен өтетін Қазақстандағы азаптауларға қарсы ұлттық алдын алу тетігі (ҰАТ) жөніндегі алғашқы форум. Ол ұлттық және халықаралық тәжірибеге арналған және 100-ге жуық қатысушыны жинайды: мемлекеттік органдардың жоғары лауазымды өкілдері, Парламент депутаттары, ұлттық құқық қорғау институттарының өкілдері, БҰҰ-ның Азаптаулардың алдын алу жөніндегі кіші комитетінің мүшесі, отандық және шетелдік құқық сарапшылары, сондай-ақ еліміздің түкпір-түкпірінен келген ҰАТ қатысушылары.

Форумды **ЕҚЫҰ-ның Астанадағы бағдарламалар офисі** **Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкілмен** және **БҰҰ Адам құқықтары жөніндегі жоғарғы комиссары басқармасының Өңірлік өкілдігімен** әріптестікте, **Penal Reform International-дың Орталық Азиядағы өкілдігінің** және **Еуропалық Одақ пен Еуропа Кеңесінің** «Қазақстандағы сот төрелігі жүйесін жетілдіру» **бірлескен бағдарламасының** қолдауымен ұйымдастырады.

Форум БҰҰ-ның Азаптауларға және басқа да қатыгез, адамгершілікке жатпайтын немесе ар-намысты қорлайтын іс-әрекеттер мен жазалау түрлеріне қарсы конвенциясының Факультативтік хаттамасының он жылдығына арналған және Бағдарламалар офисінің Қазақстандағы ҰАТ-ты қолдау жөніндегі ұзақ мерзімді жұмысының бір бөлігі болып табылады.

Талқыланатын тақырыптар:

- халықаралық стандарттар тұрғысынан ҰАТ-тың заңнамалық негізі;
- бас бостандығынан айыру орындарында қоғамдық бақылауды жүзеге асырудағы қиындықтар;
- мемлекеттік органдар мен алдын алу тетігі қатысушыларының сындарлы өзара іс-қимылы;
- азаптауды түбегейлі жою жөніндегі ұсынымдарды орындау;
- Еуропа Кеңесі елдеріндегі алдын алу мақсатындағы барулар және олардың тиімділігін талдау — Грузия, Словения, Испания және Ұлыбритания тәжірибесі;
- ҰАТ қатысушыларының 2016 жылы Қазақстанда жүргізген алдын алу мақсатындағы барулары нәтижелері бойынша шоғырландырылған баяндама.

Форумның жұмыс тілдері — қазақ, орыс және ағылшын тілдері. Пленарлық залда ілеспе аударма қамтамасыз етіледі; секция залдарындағы қатар өтетін сессиялар ағылшын және орыс тілдеріне аударылады.""",
    },
    "rooms": [
        {
            "key": "plenary",
            "name": {"en": "Plenary Hall", "ru": "Пленарный зал", "kk": "Пленарлық зал"},
            "capacity": 120,
        },
        {
            "key": "breakout-a",
            "name": {
                "en": "Breakout Room A (Esil)",
                "ru": "Секционный зал A («Есиль»)",
                "kk": "Секциялық зал A («Есіл»)",
            },
            "capacity": 40,
        },
        {
            "key": "breakout-b",
            "name": {
                "en": "Breakout Room B (Nura)",
                "ru": "Секционный зал B («Нура»)",
                "kk": "Секциялық зал B («Нұра»)",
            },
            "capacity": 30,
        },
    ],
    "tracks": [
        {
            "key": "legal",
            "name": {"en": "Legal framework", "ru": "Правовая база", "kk": "Құқықтық негіз"},
            "colour": "#1F5A96",
        },
        {
            "key": "monitoring",
            "name": {"en": "Monitoring practice", "ru": "Практика мониторинга", "kk": "Мониторинг тәжірибесі"},
            "colour": "#2E8B57",
        },
        {
            "key": "international",
            "name": {"en": "International experience", "ru": "Международный опыт", "kk": "Халықаралық тәжірибе"},
            "colour": "#B03A2E",
        },
    ],
    "people": [
        {
            "key": "szabo",
            "name": "György Szabó",
            "title": {
                "en": "Head of the OSCE Programme Office in Astana",
                "ru": "Руководитель Офиса программ ОБСЕ в Астане",
                "kk": "ЕҚЫҰ-ның Астанадағы бағдарламалар офисінің басшысы",
            },
            "organisation": {
                "en": "OSCE Programme Office in Astana",
                "ru": "Офис программ ОБСЕ в Астане",
                "kk": "ЕҚЫҰ-ның Астанадағы бағдарламалар офисі",
            },
            "country": "HU",
            "email": "g.szabo@example.org",
            "bio": {
                "en": "György Szabó is the Head of the **OSCE Programme Office in Astana**. The Office assists Kazakhstan in implementing its OSCE commitments; its long-term work in the human dimension includes support for the National Preventive Mechanism against Torture and for dialogue between civil society and state bodies.",
                "ru": "Дьёрдь Сабо — Руководитель **Офиса программ ОБСЕ в Астане**. Офис содействует Казахстану в выполнении обязательств в рамках ОБСЕ; его долгосрочная работа в человеческом измерении включает поддержку национального превентивного механизма против пыток и диалога между гражданским обществом и государственными органами.",
                "kk": "Дьёрдь Сабо — **ЕҚЫҰ-ның Астанадағы бағдарламалар офисінің** басшысы. Офис Қазақстанға ЕҚЫҰ шеңберіндегі міндеттемелерін орындауға жәрдемдеседі; оның адами өлшемдегі ұзақ мерзімді жұмысы азаптауларға қарсы ұлттық алдын алу тетігін және азаматтық қоғам мен мемлекеттік органдар арасындағы диалогты қолдауды қамтиды.",
            },
        },
        {
            "key": "shakirov",
            "name": "Askar Shakirov",
            "title": {
                "en": "Commissioner for Human Rights (Ombudsman) of the Republic of Kazakhstan",
                "ru": "Уполномоченный по правам человека в Республике Казахстан",
                "kk": "Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкіл",
            },
            "organisation": {
                "en": "National Centre for Human Rights (Office of the Ombudsman)",
                "ru": "Национальный центр по правам человека (рабочий орган Уполномоченного)",
                "kk": "Адам құқықтары жөніндегі ұлттық орталық (Уәкілдің жұмыс органы)",
            },
            "country": "KZ",
            "email": "a.shakirov@example.org",
            "bio": {
                "en": "Askar Shakirov is the **Commissioner for Human Rights (Ombudsman)** of the Republic of Kazakhstan. Under the law of 2013 the Ombudsman coordinates the National Preventive Mechanism, whose preventive visits are carried out by civil-society representatives selected by the Coordination Council under the Ombudsman.",
                "ru": "Аскар Шакиров — **Уполномоченный по правам человека** в Республике Казахстан. В соответствии с законом 2013 года Уполномоченный координирует деятельность национального превентивного механизма; превентивные посещения проводят представители гражданского общества, отобранные Координационным советом при Уполномоченном.",
                "kk": "Асқар Шәкіров — Қазақстан Республикасындағы **Адам құқықтары жөніндегі уәкіл**. 2013 жылғы заңға сәйкес Уәкіл ұлттық алдын алу тетігінің қызметін үйлестіреді; алдын алу мақсатындағы баруларды Уәкіл жанындағы Үйлестіру кеңесі іріктеген азаматтық қоғам өкілдері жүргізеді.",
            },
        },
        {
            "key": "lindqvist",
            "name": "Daniel Lindqvist",
            "title": {
                "en": "Deputy Regional Representative",
                "ru": "Заместитель Регионального представителя",
                "kk": "Өңірлік өкілдің орынбасары",
            },
            "organisation": {
                "en": "OHCHR Regional Office for Central Asia",
                "ru": "Региональное отделение УВКПЧ ООН для Центральной Азии",
                "kk": "БҰҰ Адам құқықтары жөніндегі жоғарғы комиссары басқармасының Орталық Азиядағы өңірлік өкілдігі",
            },
            "country": "SE",
            "email": "d.lindqvist@example.org",
            "bio": {
                "en": "Daniel Lindqvist is Deputy Regional Representative of the **OHCHR Regional Office for Central Asia** in Bishkek. He works on the follow-up of recommendations of the UN treaty bodies and coordinates the Office's support to national preventive mechanisms in the region.",
                "ru": "Даниэль Линдквист — заместитель Регионального представителя **Регионального отделения УВКПЧ ООН для Центральной Азии** (Бишкек). Занимается вопросами выполнения рекомендаций договорных органов ООН и координирует поддержку, которую Отделение оказывает национальным превентивным механизмам в регионе.",
                "kk": "Даниэль Линдквист — **БҰҰ Адам құқықтары жөніндегі жоғарғы комиссары басқармасының Орталық Азиядағы өңірлік өкілдігінде** (Бішкек) Өңірлік өкілдің орынбасары болып қызмет атқарады. БҰҰ шарттық органдары ұсынымдарының орындалуы мәселелерімен айналысады және өкілдіктің өңірдегі ұлттық алдын алу тетіктеріне көрсететін қолдауын үйлестіреді.",
            },
        },
        {
            "key": "zhakupov",
            "name": "Serik Zhakupov",
            "title": {
                "en": "Member of the Mazhilis, Committee on Legislation and Judicial and Legal Reform",
                "ru": "Депутат Мажилиса, член Комитета по законодательству и судебно-правовой реформе",
                "kk": "Мәжіліс депутаты, Заңнама және сот-құқықтық реформа комитетінің мүшесі",
            },
            "organisation": {
                "en": "Mazhilis of the Parliament of the Republic of Kazakhstan",
                "ru": "Мажилис Парламента Республики Казахстан",
                "kk": "Қазақстан Республикасы Парламентінің Мәжілісі",
            },
            "country": "KZ",
            "email": "s.zhakupov@example.org",
            "bio": {
                "en": "Serik Zhakupov is a member of the Mazhilis and sits on its **Committee on Legislation and Judicial and Legal Reform**. A lawyer by training, he has worked on amendments to the Criminal Executive Code concerning the rights of persons deprived of liberty.",
                "ru": "Серик Жакупов — депутат Мажилиса Парламента, член **Комитета по законодательству и судебно-правовой реформе**. Юрист по образованию, участвовал в подготовке поправок в Уголовно-исполнительный кодекс, касающихся прав лиц, лишённых свободы.",
                "kk": "Серік Жақыпов — Парламент Мәжілісінің депутаты, **Заңнама және сот-құқықтық реформа комитетінің** мүшесі. Мамандығы заңгер, бас бостандығынан айырылған адамдардың құқықтарына қатысты Қылмыстық-атқару кодексіне енгізілген түзетулерді әзірлеуге қатысты.",
            },
        },
        {
            "key": "abdrakhmanov",
            "name": "Nurlan Abdrakhmanov",
            "title": {
                "en": "Senior Prosecutor, Department for Oversight of the Legality of Sentence Enforcement",
                "ru": "Старший прокурор Департамента по надзору за законностью исполнения наказаний",
                "kk": "Жазалардың орындалу заңдылығын қадағалау департаментінің аға прокуроры",
            },
            "organisation": {
                "en": "Prosecutor General's Office of the Republic of Kazakhstan",
                "ru": "Генеральная прокуратура Республики Казахстан",
                "kk": "Қазақстан Республикасының Бас прокуратурасы",
            },
            "country": "KZ",
            "email": "n.abdrakhmanov@example.org",
            "bio": {
                "en": "Nurlan Abdrakhmanov is a senior prosecutor at the **Prosecutor General's Office**, overseeing the legality of sentence enforcement. He is responsible for prosecutorial responses to complaints and to NPM findings concerning penal institutions.",
                "ru": "Нурлан Абдрахманов — старший прокурор **Генеральной прокуратуры**, осуществляет надзор за законностью исполнения наказаний. Отвечает за реагирование органов прокуратуры на жалобы и на выводы участников НПМ по учреждениям уголовно-исполнительной системы.",
                "kk": "Нұрлан Абдрахманов — **Бас прокуратураның** аға прокуроры, жазалардың орындалу заңдылығын қадағалайды. Қылмыстық-атқару жүйесі мекемелеріне қатысты шағымдар мен ҰАТ қатысушыларының қорытындыларына прокуратура органдарының ден қоюына жауап береді.",
            },
        },
        {
            "key": "suleimenov",
            "name": "Marat Suleimenov",
            "title": {
                "en": "Head of Division, Committee of the Penal Correction System",
                "ru": "Начальник управления Комитета уголовно-исполнительной системы",
                "kk": "Қылмыстық-атқару жүйесі комитеті басқармасының бастығы",
            },
            "organisation": {
                "en": "Ministry of Internal Affairs of the Republic of Kazakhstan",
                "ru": "Министерство внутренних дел Республики Казахстан",
                "kk": "Қазақстан Республикасының Ішкі істер министрлігі",
            },
            "country": "KZ",
            "email": "m.suleimenov@example.org",
            "bio": {
                "en": "Marat Suleimenov heads a division of the **Committee of the Penal Correction System** of the Ministry of Internal Affairs. His division deals with conditions of detention and with recommendations received from the NPM and public monitoring commissions.",
                "ru": "Марат Сулейменов — начальник управления **Комитета уголовно-исполнительной системы** МВД. Управление занимается условиями содержания и рассмотрением рекомендаций участников НПМ и общественных наблюдательных комиссий.",
                "kk": "Марат Сүлейменов — ІІМ **Қылмыстық-атқару жүйесі комитеті** басқармасының бастығы. Басқарма ұстау жағдайлары мәселелерімен және ҰАТ қатысушылары мен қоғамдық байқау комиссияларының ұсынымдарын қараумен айналысады.",
            },
        },
        {
            "key": "ferrante",
            "name": "Lucia Ferrante",
            "title": {
                "en": "Member of the UN Subcommittee on Prevention of Torture (SPT)",
                "ru": "Член Подкомитета ООН по предупреждению пыток (ППП)",
                "kk": "БҰҰ-ның Азаптаулардың алдын алу жөніндегі кіші комитетінің мүшесі",
            },
            "organisation": {
                "en": "UN Subcommittee on Prevention of Torture",
                "ru": "Подкомитет ООН по предупреждению пыток",
                "kk": "БҰҰ-ның Азаптаулардың алдын алу жөніндегі кіші комитеті",
            },
            "country": "IT",
            "email": "l.ferrante@example.org",
            "bio": {
                "en": "Lucia Ferrante is a member of the **UN Subcommittee on Prevention of Torture**. A criminal lawyer, she previously led a regional prison-monitoring programme and has taken part in SPT country visits and advisory missions to national preventive mechanisms.",
                "ru": "Лючия Ферранте — член **Подкомитета ООН по предупреждению пыток**. Адвокат по уголовным делам, ранее руководила региональной программой мониторинга мест лишения свободы; участвовала в страновых посещениях ППП и консультативных миссиях к национальным превентивным механизмам.",
                "kk": "Лючия Ферранте — **БҰҰ-ның Азаптаулардың алдын алу жөніндегі кіші комитетінің** мүшесі. Қылмыстық істер жөніндегі адвокат, бұған дейін бас бостандығынан айыру орындарын мониторингілеудің өңірлік бағдарламасын басқарған; кіші комитеттің елдерге баруларына және ұлттық алдын алу тетіктеріне арналған консультациялық миссияларға қатысқан.",
            },
        },
        {
            "key": "bekmukhambetova",
            "name": "Raushan Bekmukhambetova",
            "title": {
                "en": "Member of the Coordination Council under the Ombudsman; NPM participant",
                "ru": "Член Координационного совета при Уполномоченном по правам человека, участник НПМ",
                "kk": "Адам құқықтары жөніндегі уәкіл жанындағы Үйлестіру кеңесінің мүшесі, ҰАТ қатысушысы",
            },
            "organisation": {
                "en": "Public Foundation “Qorgau”",
                "ru": "Общественный фонд «Қорғау»",
                "kk": "«Қорғау» қоғамдық қоры",
            },
            "country": "KZ",
            "email": "r.bekmukhambetova@example.org",
            "bio": {
                "en": "Raushan Bekmukhambetova chairs the public foundation “Qorgau” and is a member of the **Coordination Council under the Ombudsman**. Since 2014 she has taken part in preventive visits to temporary detention facilities, penal colonies and children's institutions.",
                "ru": "Раушан Бекмухамбетова — председатель общественного фонда «Қорғау», член **Координационного совета при Уполномоченном по правам человека**. С 2014 года участвует в превентивных посещениях изоляторов временного содержания, исправительных колоний и детских учреждений.",
                "kk": "Раушан Бекмұхамбетова — «Қорғау» қоғамдық қорының төрағасы, **Адам құқықтары жөніндегі уәкіл жанындағы Үйлестіру кеңесінің** мүшесі. 2014 жылдан бері уақытша ұстау изоляторларына, түзеу колонияларына және балалар мекемелеріне алдын алу мақсатындағы баруларға қатысып келеді.",
            },
        },
        {
            "key": "vasiliev",
            "name": "Dmitry Vasiliev",
            "title": {
                "en": "NPM participant; member of the Public Monitoring Commission of Karaganda Region",
                "ru": "Участник НПМ, член общественной наблюдательной комиссии Карагандинской области",
                "kk": "ҰАТ қатысушысы, Қарағанды облысы қоғамдық байқау комиссиясының мүшесі",
            },
            "organisation": {
                "en": "Karaganda Regional Bar Association",
                "ru": "Карагандинская областная коллегия адвокатов",
                "kk": "Қарағанды облыстық адвокаттар алқасы",
            },
            "country": "KZ",
            "email": "d.vasiliev@example.org",
            "bio": {
                "en": "Dmitry Vasiliev is a defence lawyer in Karaganda and a member of the regional public monitoring commission. As an **NPM participant** he focuses on pre-trial detention and on documenting complaints of ill-treatment.",
                "ru": "Дмитрий Васильев — адвокат из Караганды, член областной общественной наблюдательной комиссии. Как **участник НПМ** занимается прежде всего содержанием под стражей до суда и фиксацией жалоб на жестокое обращение.",
                "kk": "Дмитрий Васильев — Қарағандыдағы адвокат, облыстық қоғамдық байқау комиссиясының мүшесі. **ҰАТ қатысушысы** ретінде негізінен сотқа дейін қамауда ұстау мәселелерімен және қатыгез қарым-қатынас туралы шағымдарды тіркеумен айналысады.",
            },
        },
        {
            "key": "tasbolatova",
            "name": "Gulmira Tasbolatova",
            "title": {
                "en": "Psychiatrist; NPM participant",
                "ru": "Врач-психиатр, участник НПМ",
                "kk": "Психиатр дәрігер, ҰАТ қатысушысы",
            },
            "organisation": {
                "en": "Almaty Association of Independent Medical Experts",
                "ru": "Алматинская ассоциация независимых медицинских экспертов",
                "kk": "Алматы тәуелсіз медициналық сарапшылар қауымдастығы",
            },
            "country": "KZ",
            "email": "g.tasbolatova@example.org",
            "bio": {
                "en": "Dr Gulmira Tasbolatova is a psychiatrist with twenty years of clinical experience. As an **NPM participant** she takes part in visits to psychiatric hospitals and medical and social institutions and advises monitoring groups on health-related findings.",
                "ru": "Гульмира Тасболатова — врач-психиатр с двадцатилетним клиническим стажем. Как **участник НПМ** посещает психиатрические больницы и медико-социальные учреждения и консультирует группы по медицинским вопросам.",
                "kk": "Гүлмира Тасболатова — жиырма жылдық клиникалық тәжірибесі бар психиатр дәрігер. **ҰАТ қатысушысы** ретінде психиатриялық ауруханаларға және медициналық-әлеуметтік мекемелерге барады, топтарға медициналық мәселелер бойынша кеңес береді.",
            },
        },
        {
            "key": "ermekova",
            "name": "Saltanat Ermekova",
            "title": {
                "en": "Programme Manager",
                "ru": "Менеджер программ",
                "kk": "Бағдарламалар менеджері",
            },
            "organisation": {
                "en": "Penal Reform International, Central Asia Office",
                "ru": "Представительство Penal Reform International в Центральной Азии",
                "kk": "Penal Reform International-дың Орталық Азиядағы өкілдігі",
            },
            "country": "KZ",
            "email": "s.ermekova@example.org",
            "bio": {
                "en": "Saltanat Ermekova manages criminal justice programmes at the Central Asia office of **Penal Reform International**. Her work covers training for NPM participants, women in prison and the implementation of the UN Bangkok Rules and Nelson Mandela Rules.",
                "ru": "Салтанат Ермекова руководит программами в сфере уголовного правосудия в Представительстве **Penal Reform International** в Центральной Азии. Занимается обучением участников НПМ, положением женщин в местах лишения свободы и внедрением Бангкокских правил и Правил Нельсона Манделы.",
                "kk": "Салтанат Ермекова **Penal Reform International-дың** Орталық Азиядағы өкілдігінде қылмыстық сот төрелігі саласындағы бағдарламаларды басқарады. ҰАТ қатысушыларын оқытумен, бас бостандығынан айыру орындарындағы әйелдердің жағдайымен, БҰҰ-ның Бангкок ережелері мен Нельсон Мандела ережелерін енгізумен айналысады.",
            },
        },
        {
            "key": "mukhamedzhanov",
            "name": "Yerbol Mukhamedzhanov",
            "title": {
                "en": "Head of the National Preventive Mechanism Department",
                "ru": "Начальник отдела национального превентивного механизма",
                "kk": "Ұлттық алдын алу тетігі бөлімінің бастығы",
            },
            "organisation": {
                "en": "National Centre for Human Rights",
                "ru": "Национальный центр по правам человека",
                "kk": "Адам құқықтары жөніндегі ұлттық орталық",
            },
            "country": "KZ",
            "email": "y.mukhamedzhanov@example.org",
            "bio": {
                "en": "Yerbol Mukhamedzhanov heads the NPM department of the **National Centre for Human Rights**, which supports the Ombudsman in coordinating the mechanism. His department organises preventive visits, compiles the consolidated annual report and follows up recommendations with state bodies.",
                "ru": "Ербол Мухамеджанов возглавляет отдел НПМ **Национального центра по правам человека**, который обеспечивает координацию механизма Уполномоченным. Отдел организует превентивные посещения, готовит ежегодный консолидированный доклад и отслеживает выполнение рекомендаций государственными органами.",
                "kk": "Ербол Мұхамеджанов **Адам құқықтары жөніндегі ұлттық орталықтың** ҰАТ бөлімін басқарады; орталық Уәкілдің тетікті үйлестіруін қамтамасыз етеді. Бөлім алдын алу мақсатындағы баруларды ұйымдастырады, жыл сайынғы шоғырландырылған баяндаманы дайындайды және мемлекеттік органдардың ұсынымдарды орындауын қадағалайды.",
            },
        },
        {
            "key": "kobakhidze",
            "name": "Levan Kobakhidze",
            "title": {
                "en": "Head of the National Preventive Mechanism Department",
                "ru": "Руководитель Департамента национального превентивного механизма",
                "kk": "Ұлттық алдын алу тетігі департаментінің басшысы",
            },
            "organisation": {
                "en": "Public Defender (Ombudsman) of Georgia",
                "ru": "Аппарат Народного защитника (Омбудсмена) Грузии",
                "kk": "Грузияның Халық қорғаушысы (Омбудсмені) аппараты",
            },
            "country": "GE",
            "email": "l.kobakhidze@example.org",
            "bio": {
                "en": "Levan Kobakhidze heads the National Preventive Mechanism Department of the **Public Defender's Office of Georgia**. He has led multidisciplinary monitoring teams in prisons, police units and psychiatric institutions.",
                "ru": "Леван Кобахидзе возглавляет Департамент национального превентивного механизма **аппарата Народного защитника Грузии**. Руководил многопрофильными группами мониторинга в тюрьмах, подразделениях полиции и психиатрических учреждениях.",
                "kk": "Леван Кобахидзе **Грузияның Халық қорғаушысы аппаратының** Ұлттық алдын алу тетігі департаментін басқарады. Түрмелерде, полиция бөлімшелерінде және психиатриялық мекемелерде мониторинг жүргізетін көпсалалы топтарды басқарған.",
            },
        },
        {
            "key": "kralj",
            "name": "Tina Kralj",
            "title": {
                "en": "Adviser, National Preventive Mechanism Unit",
                "ru": "Советник отдела национального превентивного механизма",
                "kk": "Ұлттық алдын алу тетігі бөлімінің кеңесшісі",
            },
            "organisation": {
                "en": "Human Rights Ombudsman of the Republic of Slovenia",
                "ru": "Омбудсмен по правам человека Республики Словения",
                "kk": "Словения Республикасының Адам құқықтары жөніндегі омбудсмені",
            },
            "country": "SI",
            "email": "t.kralj@example.org",
            "bio": {
                "en": "Tina Kralj is an adviser in the NPM unit of the **Human Rights Ombudsman of the Republic of Slovenia**. She coordinates the joint visits carried out with non-governmental organisations under Slovenia's “Ombudsman plus” model.",
                "ru": "Тина Краль — советник отдела НПМ **Омбудсмена по правам человека Республики Словения**. Координирует совместные посещения, которые проводятся с неправительственными организациями в рамках словенской модели «Омбудсмен плюс».",
                "kk": "Тина Краль — **Словения Республикасының Адам құқықтары жөніндегі омбудсменінің** ҰАТ бөлімінің кеңесшісі. Словениялық «Омбудсмен плюс» үлгісі аясында үкіметтік емес ұйымдармен бірлесіп жүргізілетін баруларды үйлестіреді.",
            },
        },
        {
            "key": "ruiz",
            "name": "Carmen Ruiz Ortega",
            "title": {
                "en": "Technical Adviser, National Preventive Mechanism Unit",
                "ru": "Технический советник отдела национального превентивного механизма",
                "kk": "Ұлттық алдын алу тетігі бөлімінің техникалық кеңесшісі",
            },
            "organisation": {
                "en": "Defensor del Pueblo (Ombudsman of Spain)",
                "ru": "Defensor del Pueblo (Народный защитник Испании)",
                "kk": "Defensor del Pueblo (Испанияның Халық қорғаушысы)",
            },
            "country": "ES",
            "email": "c.ruiz@example.org",
            "bio": {
                "en": "Carmen Ruiz Ortega is a technical adviser in the NPM unit of Spain's **Defensor del Pueblo**. She specialises in police custody and immigration detention and in the follow-up of recommendations.",
                "ru": "Кармен Руис Ортега — технический советник отдела НПМ испанского **Defensor del Pueblo**. Специализируется на содержании в полиции и в центрах для мигрантов, а также на контроле за выполнением рекомендаций.",
                "kk": "Кармен Руис Ортега — Испанияның Халық қорғаушысы (**Defensor del Pueblo**) жанындағы ҰАТ бөлімінің техникалық кеңесшісі. Полицияда және көшіп-қонушыларға арналған орталықтарда ұстау мәселелеріне, сондай-ақ ұсынымдардың орындалуын бақылауға маманданған.",
            },
        },
        {
            "key": "marsh",
            "name": "Helen Marsh",
            "title": {
                "en": "Inspector",
                "ru": "Инспектор",
                "kk": "Инспектор",
            },
            "organisation": {
                "en": "HM Inspectorate of Prisons (UK National Preventive Mechanism)",
                "ru": "Инспекция тюрем Её Величества (НПМ Великобритании)",
                "kk": "Ұлы Мәртебелі Королеваның Түрмелер инспекциясы (Ұлыбританияның ҰАТ-ы)",
            },
            "country": "GB",
            "email": "h.marsh@example.org",
            "bio": {
                "en": "Helen Marsh is an inspector at **HM Inspectorate of Prisons** for England and Wales, which coordinates the UK National Preventive Mechanism. She has led unannounced inspections of prisons and immigration detention facilities.",
                "ru": "Хелен Марш — инспектор **Инспекции тюрем Её Величества** по Англии и Уэльсу, которая координирует работу НПМ Великобритании. Руководила необъявленными инспекциями тюрем и мест содержания мигрантов.",
                "kk": "Хелен Марш — Англия мен Уэльс бойынша **Ұлы Мәртебелі Королеваның Түрмелер инспекциясының** инспекторы; инспекция Ұлыбританияның ҰАТ жұмысын үйлестіреді. Түрмелер мен көшіп-қонушыларды ұстау орындарына алдын ала хабарланбаған тексерулерді басқарған.",
            },
        },
        {
            "key": "stanescu",
            "name": "Ana Stănescu",
            "title": {
                "en": "Project Manager",
                "ru": "Руководитель проекта",
                "kk": "Жоба жетекшісі",
            },
            "organisation": {
                "en": "EU/Council of Europe Joint Programme “Improving the justice system in Kazakhstan”",
                "ru": "Совместная программа ЕС и Совета Европы «Совершенствование системы правосудия в Казахстане»",
                "kk": "ЕО мен Еуропа Кеңесінің «Қазақстандағы сот төрелігі жүйесін жетілдіру» бірлескен бағдарламасы",
            },
            "country": "RO",
            "email": "a.stanescu@example.org",
            "bio": {
                "en": "Ana Stănescu is project manager of the **European Union/Council of Europe Joint Programme** on improving the justice system in Kazakhstan. She has worked on penitentiary reform projects in Eastern Europe and Central Asia.",
                "ru": "Ана Стэнеску — руководитель проекта **Совместной программы Европейского союза и Совета Европы** «Совершенствование системы правосудия в Казахстане». Работала в проектах по реформированию пенитенциарной системы в Восточной Европе и Центральной Азии.",
                "kk": "Ана Стэнеску — **Еуропалық Одақ пен Еуропа Кеңесінің** «Қазақстандағы сот төрелігі жүйесін жетілдіру» бірлескен бағдарламасының жоба жетекшісі. Шығыс Еуропа мен Орталық Азиядағы пенитенциарлық жүйені реформалау жобаларында жұмыс істеген.",
            },
        },
    ],
    "sessions": [
        # ---------------------------------------------------------------- day 1, 16 May 2017
        {
            "key": "registration",
            "day": 1,
            "start": time(8, 30),
            "end": time(9, 30),
            "room": "plenary",
            "track": None,
            "type": "networking",
            "title": {
                "en": "Registration and welcome coffee",
                "ru": "Регистрация участников и приветственный кофе",
                "kk": "Қатысушыларды тіркеу және таңғы кофе",
            },
            "abstract": {
                "en": "Collect your badge and interpretation headset at the registration desk in the foyer of the plenary hall. Please bring an identity document.",
                "ru": "Получение бейджей и наушников для синхронного перевода у стойки регистрации в фойе пленарного зала. Просим иметь при себе удостоверение личности.",
                "kk": "Бейдж бен ілеспе аударма құлаққаптарын пленарлық зал фойесіндегі тіркеу үстелінен алыңыз. Жеке басыңызды куәландыратын құжатты ала келуіңізді сұраймыз.",
            },
            "people": [],
            "interpretation": [],
        },
        {
            "key": "opening",
            "day": 1,
            "start": time(9, 30),
            "end": time(10, 15),
            "room": "plenary",
            "track": None,
            "type": "plenary",
            "title": {
                "en": "Opening of the forum",
                "ru": "Открытие форума",
                "kk": "Форумның ашылуы",
            },
            "abstract": {
                "en": "Welcome addresses by the Head of the OSCE Programme Office in Astana, the Commissioner for Human Rights (Ombudsman) of the Republic of Kazakhstan and the Regional Office of the UN High Commissioner for Human Rights. The speakers set out the purpose of the forum, which is dedicated to the tenth anniversary of OPCAT.",
                "ru": "Приветственные выступления Руководителя Офиса программ ОБСЕ в Астане, Уполномоченного по правам человека в Республике Казахстан и представителя Регионального отделения Управления Верховного комиссара ООН по правам человека. Выступающие обозначат цели форума, приуроченного к десятилетию ФП КПП.",
                "kk": "ЕҚЫҰ-ның Астанадағы бағдарламалар офисі басшысының, Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкілдің және БҰҰ Адам құқықтары жөніндегі жоғарғы комиссары басқармасы Өңірлік өкілдігі өкілінің құттықтау сөздері. Баяндамашылар Факультативтік хаттаманың он жылдығына арналған форумның мақсаттарын айқындайды.",
            },
            "people": [
                ("mukhamedzhanov", "chair"),
                ("szabo", "speaker"),
                ("shakirov", "speaker"),
                ("lindqvist", "speaker"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "opcat-ten-years",
            "day": 1,
            "start": time(10, 15),
            "end": time(11, 0),
            "room": "plenary",
            "track": "international",
            "type": "plenary",
            "title": {
                "en": "Ten years of OPCAT: the preventive approach and the role of national preventive mechanisms",
                "ru": "Десять лет ФП КПП: превентивный подход и роль национальных превентивных механизмов",
                "kk": "Факультативтік хаттамаға он жыл: алдын алу тәсілі және ұлттық алдын алу тетіктерінің рөлі",
            },
            "abstract": {
                "en": "A member of the UN Subcommittee on Prevention of Torture (SPT) looks back at a decade of OPCAT practice. What distinguishes prevention from complaint handling? What does the SPT expect of NPMs in terms of independence, resources and access, and how do regular visits change conditions of detention over time?",
                "ru": "Член Подкомитета ООН по предупреждению пыток (ППП) подводит итоги десяти лет применения ФП КПП. Чем превентивная работа отличается от рассмотрения жалоб? Каких гарантий независимости, ресурсов и доступа ППП ожидает от НПМ и как регулярные посещения со временем меняют условия содержания?",
                "kk": "БҰҰ-ның Азаптаулардың алдын алу жөніндегі кіші комитетінің мүшесі Факультативтік хаттаманы қолданудың он жылдық тәжірибесін қорытындылайды. Алдын алу жұмысының шағымдарды қараудан айырмашылығы неде? Кіші комитет ҰАТ-тан тәуелсіздік, ресурстар және қолжетімділік тұрғысынан нені күтеді және тұрақты барулар уақыт өте келе ұстау жағдайларын қалай өзгертеді?",
            },
            "people": [
                ("szabo", "chair"),
                ("ferrante", "speaker"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "coffee-1",
            "day": 1,
            "start": time(11, 0),
            "end": time(11, 20),
            "room": "plenary",
            "track": None,
            "type": "break",
            "title": {"en": "Coffee break", "ru": "Кофе-брейк", "kk": "Кофе үзілісі"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "legal-framework",
            "day": 1,
            "start": time(11, 20),
            "end": time(13, 0),
            "room": "plenary",
            "track": "legal",
            "type": "panel",
            "title": {
                "en": "The legislative framework of the NPM in the light of international standards",
                "ru": "Законодательная база НПМ в свете международных стандартов",
                "kk": "Халықаралық стандарттар тұрғысынан ҰАТ-тың заңнамалық негізі",
            },
            "abstract": {
                "en": "Kazakhstan established its NPM by law in 2013 on the “Ombudsman plus” model: the Commissioner for Human Rights coordinates the mechanism and civil-society participants carry out the visits. The panel compares the national legislation with OPCAT requirements — mandate, list of institutions, guarantees of independence, funding and confidentiality — and discusses how it could be improved.",
                "ru": "Национальный превентивный механизм в Казахстане создан законом 2013 года по модели «Омбудсмен плюс»: Уполномоченный по правам человека координирует работу, а посещения проводят участники НПМ из числа представителей гражданского общества. Участники панели сопоставят национальное законодательство с требованиями ФП КПП — мандат, перечень учреждений, гарантии независимости, финансирование, конфиденциальность — и обсудят, как его можно усовершенствовать.",
                "kk": "Қазақстанда ұлттық алдын алу тетігі 2013 жылғы заңмен «Омбудсмен плюс» үлгісі бойынша құрылды: жұмысты Адам құқықтары жөніндегі уәкіл үйлестіреді, ал баруларды азаматтық қоғам өкілдері қатарынан шыққан ҰАТ қатысушылары жүргізеді. Панель қатысушылары ұлттық заңнаманы Факультативтік хаттаманың талаптарымен — мандат, мекемелер тізбесі, тәуелсіздік кепілдіктері, қаржыландыру, құпиялылық — салыстырып, оны жетілдіру жолдарын талқылайды.",
            },
            "people": [
                ("zhakupov", "chair"),
                ("mukhamedzhanov", "speaker"),
                ("abdrakhmanov", "panelist"),
                ("ferrante", "panelist"),
                ("bekmukhambetova", "panelist"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "lunch-1",
            "day": 1,
            "start": time(13, 0),
            "end": time(14, 0),
            "room": "plenary",
            "track": None,
            "type": "break",
            "title": {"en": "Lunch", "ru": "Обед", "kk": "Түскі ас"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "public-oversight",
            "day": 1,
            "start": time(14, 0),
            "end": time(15, 30),
            "room": "plenary",
            "track": "monitoring",
            "type": "panel",
            "title": {
                "en": "Public oversight in detention facilities: challenges",
                "ru": "Общественный контроль в местах лишения свободы: проблемы и вызовы",
                "kk": "Бас бостандығынан айыру орындарындағы қоғамдық бақылау: өзекті мәселелер",
            },
            "abstract": {
                "en": "NPM participants describe what they encounter when visiting temporary detention facilities, pre-trial detention centres, penal colonies and psychiatric hospitals: delays at the gate, bans on photographs, difficulties in speaking to detainees in private and injuries that are never medically recorded. Representatives of the penal system respond.",
                "ru": "Участники НПМ расскажут, с чем сталкиваются при посещении изоляторов временного содержания, следственных изоляторов, исправительных колоний и психиатрических больниц: задержки на входе, запреты на фотосъёмку, сложности с конфиденциальными беседами с содержащимися, отсутствие медицинской фиксации телесных повреждений. Представители уголовно-исполнительной системы ответят на поднятые вопросы.",
                "kk": "ҰАТ қатысушылары уақытша ұстау изоляторларына, тергеу изоляторларына, түзеу колонияларына және психиатриялық ауруханаларға барғанда кездесетін қиындықтар туралы айтады: кіреберісте ұзақ күттіру, суретке түсіруге тыйым салу, ұсталғандармен оңаша сөйлесудің қиындығы, дене жарақаттарының медициналық тұрғыдан тіркелмеуі. Қылмыстық-атқару жүйесінің өкілдері көтерілген мәселелерге жауап береді.",
            },
            "people": [
                ("bekmukhambetova", "chair"),
                ("vasiliev", "speaker"),
                ("tasbolatova", "speaker"),
                ("ermekova", "panelist"),
                ("suleimenov", "panelist"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "coffee-2",
            "day": 1,
            "start": time(15, 30),
            "end": time(15, 50),
            "room": "plenary",
            "track": None,
            "type": "break",
            "title": {"en": "Coffee break", "ru": "Кофе-брейк", "kk": "Кофе үзілісі"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "cooperation",
            "day": 1,
            "start": time(15, 50),
            "end": time(17, 15),
            "room": "plenary",
            "track": "legal",
            "type": "panel",
            "title": {
                "en": "Constructive co-operation between state bodies and preventive bodies",
                "ru": "Конструктивное взаимодействие государственных органов и участников превентивного механизма",
                "kk": "Мемлекеттік органдар мен алдын алу тетігі қатысушыларының сындарлы өзара іс-қимылы",
            },
            "abstract": {
                "en": "Prevention works only when the authorities treat visits as a source of advice rather than an inspection to be survived. Speakers from the Ministry of Internal Affairs, the Prosecutor General's Office, the Coordination Council under the Ombudsman and the United Nations discuss how to organise regular dialogue, share information and agree on deadlines for responding to NPM findings.",
                "ru": "Превентивная работа приносит результат только тогда, когда органы власти воспринимают посещения как источник рекомендаций, а не как проверку, которую нужно «пережить». Представители МВД, Генеральной прокуратуры, Координационного совета при Уполномоченном и ООН обсудят, как наладить регулярный диалог и обмен информацией и согласовать сроки реагирования на выводы НПМ.",
                "kk": "Алдын алу жұмысы билік органдары баруларды «амалсыз төзетін» тексеріс емес, кеңес пен ұсыным көзі ретінде қабылдағанда ғана нәтиже береді. ІІМ, Бас прокуратура, Уәкіл жанындағы Үйлестіру кеңесі және БҰҰ өкілдері тұрақты диалог пен ақпарат алмасуды қалай жолға қоюға және ҰАТ қорытындыларына жауап беру мерзімдерін қалай келісуге болатынын талқылайды.",
            },
            "people": [
                ("shakirov", "chair"),
                ("suleimenov", "panelist"),
                ("abdrakhmanov", "panelist"),
                ("bekmukhambetova", "panelist"),
                ("lindqvist", "panelist"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "reception",
            "day": 1,
            "start": time(17, 30),
            "end": time(19, 0),
            "room": "plenary",
            "track": None,
            "type": "networking",
            "title": {
                "en": "Networking reception",
                "ru": "Неформальный приём для участников форума",
                "kk": "Форум қатысушыларына арналған бейресми қабылдау",
            },
            "abstract": {
                "en": "An informal reception hosted by the OSCE Programme Office in Astana, giving NPM participants, officials and international experts a chance to continue the day's discussions.",
                "ru": "Неформальный приём от имени Офиса программ ОБСЕ в Астане — возможность для участников НПМ, представителей государственных органов и международных экспертов продолжить дневные обсуждения в свободной обстановке.",
                "kk": "ЕҚЫҰ-ның Астанадағы бағдарламалар офисі атынан берілетін бейресми қабылдау — ҰАТ қатысушыларына, мемлекеттік органдардың өкілдеріне және халықаралық сарапшыларға күндізгі талқылауларды еркін жағдайда жалғастыруға мүмкіндік.",
            },
            "people": [],
            "interpretation": [],
        },
        # ---------------------------------------------------------------- day 2, 17 May 2017
        {
            "key": "consolidated-report",
            "day": 2,
            "start": time(9, 0),
            "end": time(10, 15),
            "room": "plenary",
            "track": "monitoring",
            "type": "plenary",
            "title": {
                "en": "Presentation of the consolidated report on preventive visits conducted in 2016",
                "ru": "Презентация консолидированного доклада участников НПМ по итогам превентивных посещений 2016 года",
                "kk": "ҰАТ қатысушыларының 2016 жылғы алдын алу мақсатындағы барулары нәтижелері бойынша шоғырландырылған баяндаманың тұсаукесері",
            },
            "abstract": {
                "en": "The National Centre for Human Rights and members of the Coordination Council present the consolidated report on the results of preventive visits carried out by NPM participants across Kazakhstan in 2016: the types of institutions visited, the systemic problems found most often and the recommendations addressed to state bodies.",
                "ru": "Национальный центр по правам человека и члены Координационного совета представят консолидированный доклад о результатах превентивных посещений, проведённых участниками НПМ во всех регионах Казахстана в 2016 году: какие учреждения были посещены, какие системные проблемы выявлялись чаще всего и какие рекомендации направлены государственным органам.",
                "kk": "Адам құқықтары жөніндегі ұлттық орталық пен Үйлестіру кеңесінің мүшелері ҰАТ қатысушыларының 2016 жылы Қазақстанның барлық өңірлерінде жүргізген алдын алу мақсатындағы барулары нәтижелері бойынша шоғырландырылған баяндаманы таныстырады: қандай мекемелерге барылды, қандай жүйелі проблемалар жиі анықталды және мемлекеттік органдарға қандай ұсынымдар жіберілді.",
            },
            "people": [
                ("shakirov", "chair"),
                ("mukhamedzhanov", "speaker"),
                ("bekmukhambetova", "speaker"),
                ("vasiliev", "panelist"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "coe-effectiveness",
            "day": 2,
            "start": time(10, 15),
            "end": time(11, 15),
            "room": "plenary",
            "track": "international",
            "type": "panel",
            "title": {
                "en": "Preventive visits in Council of Europe countries: analysing their effectiveness",
                "ru": "Превентивные посещения в странах Совета Европы: анализ эффективности",
                "kk": "Еуропа Кеңесі елдеріндегі алдын алу мақсатындағы барулар: тиімділігін талдау",
            },
            "abstract": {
                "en": "How does an NPM know whether its work reduces the risk of torture? Speakers present approaches used in Council of Europe member states — tracking how many recommendations are implemented, follow-up visits, thematic reviews and the standards of the European Committee for the Prevention of Torture (CPT) — and discuss which indicators Kazakhstan could adopt.",
                "ru": "Как НПМ понять, снижает ли его работа риск пыток? Выступающие представят подходы, применяемые в государствах — членах Совета Европы: учёт доли выполненных рекомендаций, повторные посещения, тематические обзоры, опора на стандарты Европейского комитета по предупреждению пыток (ЕКПП), — и обсудят, какие показатели можно было бы использовать в Казахстане.",
                "kk": "ҰАТ өз жұмысының азаптау қаупін азайтып жатқанын қалай біледі? Баяндамашылар Еуропа Кеңесіне мүше мемлекеттерде қолданылатын тәсілдерді — орындалған ұсынымдардың үлесін есепке алу, қайталап бару, тақырыптық шолулар, Азаптаулардың алдын алу жөніндегі еуропалық комитеттің (CPT) стандарттарына сүйену — таныстырып, Қазақстанда қандай көрсеткіштерді қолдануға болатынын талқылайды.",
            },
            "people": [
                ("stanescu", "chair"),
                ("marsh", "speaker"),
                ("ferrante", "speaker"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "coffee-3",
            "day": 2,
            "start": time(11, 15),
            "end": time(11, 35),
            "room": "plenary",
            "track": None,
            "type": "break",
            "title": {"en": "Coffee break", "ru": "Кофе-брейк", "kk": "Кофе үзілісі"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "georgia-slovenia",
            "day": 2,
            "start": time(11, 35),
            "end": time(13, 0),
            "room": "breakout-a",
            "track": "international",
            "type": "panel",
            "title": {
                "en": "Country experience I: Georgia and Slovenia",
                "ru": "Опыт стран I: Грузия и Словения",
                "kk": "Елдер тәжірибесі I: Грузия және Словения",
            },
            "abstract": {
                "en": "Georgia's NPM works within the Public Defender's Office and visits with a multidisciplinary team that includes doctors and psychologists. In Slovenia the Human Rights Ombudsman visits jointly with selected non-governmental organisations — the “Ombudsman plus” model closest to Kazakhstan's. The speakers explain how each model organises visits, protects its independence and follows up recommendations.",
                "ru": "НПМ Грузии действует в структуре аппарата Народного защитника и проводит посещения силами многопрофильной группы, в которую входят врачи и психологи. В Словении Омбудсмен по правам человека посещает учреждения совместно с отобранными неправительственными организациями — эта модель «Омбудсмен плюс» ближе всего к казахстанской. Выступающие расскажут, как в каждой модели организуются посещения, обеспечивается независимость и отслеживается выполнение рекомендаций.",
                "kk": "Грузияның ҰАТ-ы Халық қорғаушысы аппаратының құрамында жұмыс істейді және баруларды дәрігерлер мен психологтар кіретін көпсалалы топ жүргізеді. Словенияда Адам құқықтары жөніндегі омбудсмен мекемелерге іріктеліп алынған үкіметтік емес ұйымдармен бірлесіп барады — бұл «Омбудсмен плюс» үлгісі қазақстандық үлгіге барынша жақын. Баяндамашылар әр үлгіде барулар қалай ұйымдастырылатынын, тәуелсіздік қалай қамтамасыз етілетінін және ұсынымдардың орындалуы қалай қадағаланатынын айтып береді.",
            },
            "people": [
                ("stanescu", "chair"),
                ("kobakhidze", "speaker"),
                ("kralj", "speaker"),
            ],
            "interpretation": ["en", "ru"],
        },
        {
            "key": "spain-uk",
            "day": 2,
            "start": time(11, 35),
            "end": time(13, 0),
            "room": "breakout-b",
            "track": "international",
            "type": "panel",
            "title": {
                "en": "Country experience II: Spain and the United Kingdom",
                "ru": "Опыт стран II: Испания и Великобритания",
                "kk": "Елдер тәжірибесі II: Испания және Ұлыбритания",
            },
            "abstract": {
                "en": "In Spain the Defensor del Pueblo acts as the NPM, assisted by an advisory council of experts; the United Kingdom's NPM brings together some twenty independent bodies coordinated by HM Inspectorate of Prisons. The session looks at unannounced visits, published inspection criteria (“expectations”) and how findings are made public.",
                "ru": "В Испании функции НПМ выполняет Defensor del Pueblo (Народный защитник) при поддержке консультативного совета экспертов, а НПМ Великобритании объединяет около двадцати независимых органов, работу которых координирует Инспекция тюрем Её Величества. Обсуждаются необъявленные посещения, опубликованные критерии оценки учреждений («ожидания») и порядок обнародования результатов.",
                "kk": "Испанияда ҰАТ функцияларын сарапшылардан тұратын консультативтік кеңестің көмегімен Defensor del Pueblo (Халық қорғаушысы) атқарады, ал Ұлыбританияның ҰАТ-ы жиырмаға жуық тәуелсіз органды біріктіреді, олардың жұмысын Ұлы Мәртебелі Королеваның Түрмелер инспекциясы үйлестіреді. Сессияда алдын ала хабарланбаған барулар, мекемелерді бағалаудың жарияланған өлшемшарттары («күтілетін нәтижелер») және қорытындыларды жария ету тәртібі талқыланады.",
            },
            "people": [
                ("ermekova", "chair"),
                ("ruiz", "speaker"),
                ("marsh", "speaker"),
            ],
            "interpretation": ["en", "ru"],
        },
        {
            "key": "lunch-2",
            "day": 2,
            "start": time(13, 0),
            "end": time(14, 0),
            "room": "plenary",
            "track": None,
            "type": "break",
            "title": {"en": "Lunch", "ru": "Обед", "kk": "Түскі ас"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "recommendations",
            "day": 2,
            "start": time(14, 0),
            "end": time(15, 15),
            "room": "plenary",
            "track": "legal",
            "type": "panel",
            "title": {
                "en": "Implementing recommendations on eradicating torture",
                "ru": "Выполнение рекомендаций по искоренению пыток",
                "kk": "Азаптауды түбегейлі жою жөніндегі ұсынымдарды орындау",
            },
            "abstract": {
                "en": "Recommendations to Kazakhstan come from many sources — the UN Committee against Torture, the SPT, the Universal Periodic Review and the NPM itself. The panel looks at which of them have been implemented, which remain open, and how a national action plan with clear responsibilities and deadlines could close the gap.",
                "ru": "Рекомендации Казахстану исходят из многих источников — Комитета ООН против пыток, ППП, Универсального периодического обзора и самого НПМ. Участники панели обсудят, какие из них уже выполнены, какие остаются открытыми и как национальный план действий с чётким распределением ответственности и сроков мог бы сократить этот разрыв.",
                "kk": "Қазақстанға берілетін ұсынымдар көптеген көздерден келеді — БҰҰ-ның Азаптауларға қарсы комитеті, Азаптаулардың алдын алу жөніндегі кіші комитет, Жалпыға бірдей мерзімдік шолу және ҰАТ-тың өзі. Панель қатысушылары олардың қайсысы орындалғанын, қайсысы әлі орындалмағанын және жауапкершілігі мен мерзімдері нақты белгіленген ұлттық іс-қимыл жоспары бұл олқылықты қалай жоя алатынын талқылайды.",
            },
            "people": [
                ("lindqvist", "chair"),
                ("abdrakhmanov", "panelist"),
                ("suleimenov", "panelist"),
                ("zhakupov", "panelist"),
                ("ermekova", "panelist"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "coffee-4",
            "day": 2,
            "start": time(15, 15),
            "end": time(15, 30),
            "room": "plenary",
            "track": None,
            "type": "break",
            "title": {"en": "Coffee break", "ru": "Кофе-брейк", "kk": "Кофе үзілісі"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "conclusions",
            "day": 2,
            "start": time(15, 30),
            "end": time(16, 30),
            "room": "plenary",
            "track": None,
            "type": "plenary",
            "title": {
                "en": "Conclusions and recommendations of the forum",
                "ru": "Выводы и рекомендации форума",
                "kk": "Форумның қорытындылары мен ұсынымдары",
            },
            "abstract": {
                "en": "The rapporteurs summarise two days of discussion and present draft recommendations addressed to Parliament, the Government, the Ombudsman and NPM participants. Participants are invited to comment before the recommendations are finalised.",
                "ru": "Докладчики подведут итоги двухдневной дискуссии и представят проект рекомендаций Парламенту, Правительству, Уполномоченному по правам человека и участникам НПМ. Участники форума смогут высказать замечания до окончательного утверждения рекомендаций.",
                "kk": "Баяндамашылар екі күнгі талқылауды қорытындылап, Парламентке, Үкіметке, Адам құқықтары жөніндегі уәкілге және ҰАТ қатысушыларына арналған ұсынымдардың жобасын таныстырады. Форум қатысушылары ұсынымдар түпкілікті бекітілгенге дейін өз ескертулерін айта алады.",
            },
            "people": [
                ("szabo", "chair"),
                ("bekmukhambetova", "speaker"),
                ("mukhamedzhanov", "speaker"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
        {
            "key": "closing",
            "day": 2,
            "start": time(16, 30),
            "end": time(17, 0),
            "room": "plenary",
            "track": None,
            "type": "plenary",
            "title": {
                "en": "Closing of the forum",
                "ru": "Закрытие форума",
                "kk": "Форумның жабылуы",
            },
            "abstract": {
                "en": "Closing remarks by the Ombudsman and the Head of the OSCE Programme Office in Astana, with the next steps in supporting the NPM.",
                "ru": "Заключительное слово Уполномоченного по правам человека и Руководителя Офиса программ ОБСЕ в Астане; дальнейшие шаги по поддержке НПМ.",
                "kk": "Адам құқықтары жөніндегі уәкілдің және ЕҚЫҰ-ның Астанадағы бағдарламалар офисі басшысының қорытынды сөзі; ҰАТ-ты қолдау жөніндегі алдағы қадамдар.",
            },
            "people": [
                ("shakirov", "speaker"),
                ("szabo", "speaker"),
            ],
            "interpretation": ["en", "ru", "kk"],
        },
    ],
    "organisers": [
        {
            "email": "organiser@example.org",
            "name": "Aigerim Nurlanova",
            "organisation": {
                "en": "OSCE Programme Office in Astana",
                "ru": "Офис программ ОБСЕ в Астане",
                "kk": "ЕҚЫҰ-ның Астанадағы бағдарламалар офисі",
            },
        },
    ],
    "registration_fields": [
        {
            "key": "organisation",
            "type": "text",
            "required": True,
            "label": {"en": "Organisation", "ru": "Организация", "kk": "Ұйым"},
            "help": {
                "en": "Full name of your organisation or institution.",
                "ru": "Полное наименование вашей организации или учреждения.",
                "kk": "Ұйымыңыздың немесе мекемеңіздің толық атауы.",
            },
        },
        {
            "key": "country",
            "type": "country",
            "required": True,
            "label": {"en": "Country", "ru": "Страна", "kk": "Ел"},
            "help": {
                "en": "The country you represent or are travelling from.",
                "ru": "Страна, которую вы представляете или из которой приезжаете.",
                "kk": "Өзіңіз өкілдік ететін немесе келетін ел.",
            },
        },
        {
            "key": "interpretation",
            "type": "language",
            "required": True,
            "label": {
                "en": "Interpretation language",
                "ru": "Язык синхронного перевода",
                "kk": "Ілеспе аударма тілі",
            },
            "help": {
                "en": "The language you will listen to through the headset in the plenary hall.",
                "ru": "Язык, на котором вы будете слушать выступления через наушники в пленарном зале.",
                "kk": "Пленарлық залда сөйлеушілерді құлаққап арқылы қай тілде тыңдайтыныңыз.",
            },
        },
        {
            "key": "sector",
            "type": "single_choice",
            "required": True,
            "label": {"en": "Sector", "ru": "Сфера деятельности", "kk": "Қызмет саласы"},
            "help": {
                "en": "Choose the option that best describes your organisation.",
                "ru": "Выберите вариант, который лучше всего описывает вашу организацию.",
                "kk": "Ұйымыңызды барынша дәл сипаттайтын нұсқаны таңдаңыз.",
            },
            "choices": [
                {
                    "key": "government",
                    "label": {"en": "Government body", "ru": "Государственный орган", "kk": "Мемлекеттік орган"},
                },
                {
                    "key": "parliament",
                    "label": {"en": "Parliament", "ru": "Парламент", "kk": "Парламент"},
                },
                {
                    "key": "ombudsman",
                    "label": {
                        "en": "Ombudsman's office / national human rights institution",
                        "ru": "Институт Уполномоченного по правам человека / национальное правозащитное учреждение",
                        "kk": "Адам құқықтары жөніндегі уәкіл институты / ұлттық құқық қорғау мекемесі",
                    },
                },
                {
                    "key": "civil_society",
                    "label": {
                        "en": "Civil society / NPM participant",
                        "ru": "Гражданское общество / участник НПМ",
                        "kk": "Азаматтық қоғам / ҰАТ қатысушысы",
                    },
                },
                {
                    "key": "international",
                    "label": {
                        "en": "International organisation",
                        "ru": "Международная организация",
                        "kk": "Халықаралық ұйым",
                    },
                },
                {
                    "key": "academia",
                    "label": {
                        "en": "Academia",
                        "ru": "Научное и академическое сообщество",
                        "kk": "Ғылыми-академиялық қауымдастық",
                    },
                },
            ],
        },
        {
            "key": "accessibility",
            "type": "long_text",
            "required": False,
            "label": {
                "en": "Accessibility needs",
                "ru": "Особые потребности (доступность)",
                "kk": "Қолжетімділікке қатысты қажеттіліктер",
            },
            "help": {
                "en": "Tell us what we can arrange so that you can take full part in the forum: step-free access, sign-language interpretation, large-print materials, a seat near the screen, and so on.",
                "ru": "Сообщите, что мы можем организовать, чтобы вы могли полноценно участвовать в форуме: доступ без ступеней, сурдоперевод, материалы крупным шрифтом, место рядом с экраном и т. п.",
                "kk": "Форумға толыққанды қатысуыңыз үшін не ұйымдастыра алатынымызды жазыңыз: баспалдақсыз кіру, ымдау тіліне аударма, ірі қаріппен басылған материалдар, экранға жақын орын және т.б.",
            },
        },
    ],
}


TRAINING = {
    "slug": "npm-monitors-training-2017",
    "kind": "training",
    "start_date": date(2017, 10, 3),
    "end_date": date(2017, 10, 5),
    "timezone": "Asia/Almaty",
    "venue": {
        "en": "Alatau Training Centre, Dostyk Avenue, Almaty",
        "ru": "Учебный центр «Алатау», проспект Достык, Алматы",
        "kk": "«Алатау» оқу орталығы, Достық даңғылы, Алматы",
    },
    "languages": ["ru", "kk", "en"],
    "default_language": "ru",
    "visibility": "public",
    "capacity": 25,
    "registration_mode": "open",
    "completion_rule": {"kind": "share", "share": 0.8},
    "title": {
        "en": "Training course for new NPM monitors",
        "ru": "Учебный курс для новых участников НПМ",
        "kk": "ҰАТ-тың жаңа қатысушыларына арналған оқу курсы",
    },
    "summary": {
        "en": "A three-day practical course for civil-society members who have recently joined Kazakhstan's National Preventive Mechanism: from the OPCAT mandate to planning a visit, interviewing detainees, documenting ill-treatment and writing recommendations.",
        "ru": "Трёхдневный практический курс для представителей гражданского общества, недавно вошедших в состав национального превентивного механизма Казахстана: от мандата по ФП КПП до планирования посещения, бесед с содержащимися, документирования жестокого обращения и подготовки рекомендаций.",
        "kk": "Қазақстанның ұлттық алдын алу тетігінің құрамына жақында енген азаматтық қоғам өкілдеріне арналған үш күндік практикалық курс: Факультативтік хаттамадағы мандаттан бастап баруды жоспарлауға, ұсталғандармен әңгімелесуге, қатыгез қарым-қатынасты құжаттауға және ұсынымдар жазуға дейін.",
    },
    "description": {
        "en": """A three-day practical course for civil-society members who have recently joined Kazakhstan's **National Preventive Mechanism (NPM)** or have been selected by the Coordination Council under the Ombudsman to take part in preventive visits.

The course is organised by the National Centre for Human Rights together with the Penal Reform International Office in Central Asia, with support from the OSCE Programme Office in Astana. The group is limited to 25 participants so that everyone can practise.

Short inputs alternate with case studies, role play in a simulated interview room and group work. The nine modules are:

- OPCAT and the mandate of national preventive mechanisms;
- planning a preventive visit;
- interviewing detainees in private;
- do no harm: confidentiality and preventing reprisals;
- documenting torture and ill-treatment: the Istanbul Protocol;
- women and vulnerable groups in detention;
- psychiatric and social care institutions;
- writing the visit report and recommendations;
- follow-up and dialogue with the authorities.

The course is taught in Russian and Kazakh; modules led by international trainers are interpreted from English. Participants who attend at least 80% of the modules receive a **certificate of attendance**.""",
        "ru": """Трёхдневный практический курс для представителей гражданского общества, которые недавно вошли в состав **национального превентивного механизма (НПМ)** Казахстана или отобраны Координационным советом при Уполномоченном по правам человека для участия в превентивных посещениях.

Курс организует Национальный центр по правам человека совместно с Представительством Penal Reform International в Центральной Азии при поддержке Офиса программ ОБСЕ в Астане. Группа ограничена 25 участниками, чтобы у каждого была возможность отработать навыки на практике.

Короткие вводные лекции чередуются с разбором ситуаций, ролевыми играми в смоделированной комнате для бесед и групповой работой. Курс включает девять модулей:

- ФП КПП и мандат национальных превентивных механизмов;
- планирование превентивного посещения;
- конфиденциальные беседы с содержащимися;
- принцип «не навреди»: конфиденциальность и предотвращение преследования;
- документирование пыток и жестокого обращения: Стамбульский протокол;
- женщины и уязвимые группы в местах лишения свободы;
- психиатрические учреждения и учреждения социального обслуживания;
- подготовка отчёта о посещении и рекомендаций;
- контроль за выполнением рекомендаций и диалог с органами власти.

Занятия проводятся на русском и казахском языках; модули международных тренеров сопровождаются переводом с английского. Участники, посетившие не менее 80% модулей, получают **сертификат об участии в курсе**.""",
        "kk": """Қазақстанның **ұлттық алдын алу тетігінің (ҰАТ)** құрамына жақында енген немесе алдын алу мақсатындағы баруларға қатысу үшін Адам құқықтары жөніндегі уәкіл жанындағы Үйлестіру кеңесі іріктеп алған азаматтық қоғам өкілдеріне арналған үш күндік практикалық курс.

Курсты Адам құқықтары жөніндегі ұлттық орталық Penal Reform International-дың Орталық Азиядағы өкілдігімен бірлесіп, ЕҚЫҰ-ның Астанадағы бағдарламалар офисінің қолдауымен ұйымдастырады. Әр қатысушы дағдыларын іс жүзінде машықтай алуы үшін топ 25 адаммен шектеледі.

Қысқа кіріспе дәрістер нақты жағдайларды талдаумен, арнайы жабдықталған әңгімелесу бөлмесіндегі рөлдік ойындармен және топтық жұмыспен алмасып отырады. Курс тоғыз модульден тұрады:

- Факультативтік хаттама және ұлттық алдын алу тетіктерінің мандаты;
- алдын алу мақсатындағы баруды жоспарлау;
- ұсталғандармен оңаша әңгімелесу;
- «зиян келтірме» қағидаты: құпиялылық және қудалаудың алдын алу;
- азаптау мен қатыгез қарым-қатынасты құжаттау: Стамбұл хаттамасы;
- бас бостандығынан айыру орындарындағы әйелдер және осал топтар;
- психиатриялық мекемелер және әлеуметтік қызмет көрсету мекемелері;
- бару туралы есеп пен ұсынымдар дайындау;
- ұсынымдардың орындалуын қадағалау және билік органдарымен диалог.

Сабақтар орыс және қазақ тілдерінде өтеді; халықаралық тренерлердің модульдері ағылшын тілінен аударылады. Модульдердің кемінде 80%-ына қатысқан қатысушылар **курсқа қатысқаны туралы сертификат** алады.""",
    },
    "rooms": [
        {
            "key": "training-room",
            "name": {"en": "Main training room", "ru": "Основной учебный зал", "kk": "Негізгі оқу залы"},
            "capacity": 25,
        },
        {
            "key": "practice-room",
            "name": {
                "en": "Practice room (simulated interview setting)",
                "ru": "Практикум (смоделированная комната для бесед)",
                "kk": "Практикум бөлмесі (әңгімелесуге арналған үлгі бөлме)",
            },
            "capacity": 25,
        },
    ],
    "tracks": [],
    "people": [
        {
            "key": "mukhamedzhanov",
            "name": "Yerbol Mukhamedzhanov",
            "title": {
                "en": "Head of the National Preventive Mechanism Department",
                "ru": "Начальник отдела национального превентивного механизма",
                "kk": "Ұлттық алдын алу тетігі бөлімінің бастығы",
            },
            "organisation": {
                "en": "National Centre for Human Rights",
                "ru": "Национальный центр по правам человека",
                "kk": "Адам құқықтары жөніндегі ұлттық орталық",
            },
            "country": "KZ",
            "email": "y.mukhamedzhanov@example.org",
            "bio": {
                "en": "Yerbol Mukhamedzhanov heads the NPM department of the **National Centre for Human Rights**, which supports the Ombudsman in coordinating the mechanism. His department organises preventive visits, compiles the consolidated annual report and follows up recommendations with state bodies.",
                "ru": "Ербол Мухамеджанов возглавляет отдел НПМ **Национального центра по правам человека**, который обеспечивает координацию механизма Уполномоченным. Отдел организует превентивные посещения, готовит ежегодный консолидированный доклад и отслеживает выполнение рекомендаций государственными органами.",
                "kk": "Ербол Мұхамеджанов **Адам құқықтары жөніндегі ұлттық орталықтың** ҰАТ бөлімін басқарады; орталық Уәкілдің тетікті үйлестіруін қамтамасыз етеді. Бөлім алдын алу мақсатындағы баруларды ұйымдастырады, жыл сайынғы шоғырландырылған баяндаманы дайындайды және мемлекеттік органдардың ұсынымдарды орындауын қадағалайды.",
            },
        },
        {
            "key": "bekmukhambetova",
            "name": "Raushan Bekmukhambetova",
            "title": {
                "en": "Member of the Coordination Council under the Ombudsman; NPM participant",
                "ru": "Член Координационного совета при Уполномоченном по правам человека, участник НПМ",
                "kk": "Адам құқықтары жөніндегі уәкіл жанындағы Үйлестіру кеңесінің мүшесі, ҰАТ қатысушысы",
            },
            "organisation": {
                "en": "Public Foundation “Qorgau”",
                "ru": "Общественный фонд «Қорғау»",
                "kk": "«Қорғау» қоғамдық қоры",
            },
            "country": "KZ",
            "email": "r.bekmukhambetova@example.org",
            "bio": {
                "en": "Raushan Bekmukhambetova chairs the public foundation “Qorgau” and is a member of the **Coordination Council under the Ombudsman**. Since 2014 she has taken part in preventive visits to temporary detention facilities, penal colonies and children's institutions.",
                "ru": "Раушан Бекмухамбетова — председатель общественного фонда «Қорғау», член **Координационного совета при Уполномоченном по правам человека**. С 2014 года участвует в превентивных посещениях изоляторов временного содержания, исправительных колоний и детских учреждений.",
                "kk": "Раушан Бекмұхамбетова — «Қорғау» қоғамдық қорының төрағасы, **Адам құқықтары жөніндегі уәкіл жанындағы Үйлестіру кеңесінің** мүшесі. 2014 жылдан бері уақытша ұстау изоляторларына, түзеу колонияларына және балалар мекемелеріне алдын алу мақсатындағы баруларға қатысып келеді.",
            },
        },
        {
            "key": "marsh",
            "name": "Helen Marsh",
            "title": {
                "en": "Inspector",
                "ru": "Инспектор",
                "kk": "Инспектор",
            },
            "organisation": {
                "en": "HM Inspectorate of Prisons (UK National Preventive Mechanism)",
                "ru": "Инспекция тюрем Её Величества (НПМ Великобритании)",
                "kk": "Ұлы Мәртебелі Королеваның Түрмелер инспекциясы (Ұлыбританияның ҰАТ-ы)",
            },
            "country": "GB",
            "email": "h.marsh@example.org",
            "bio": {
                "en": "Helen Marsh is an inspector at **HM Inspectorate of Prisons** for England and Wales, which coordinates the UK National Preventive Mechanism. She has led unannounced inspections of prisons and immigration detention facilities.",
                "ru": "Хелен Марш — инспектор **Инспекции тюрем Её Величества** по Англии и Уэльсу, которая координирует работу НПМ Великобритании. Руководила необъявленными инспекциями тюрем и мест содержания мигрантов.",
                "kk": "Хелен Марш — Англия мен Уэльс бойынша **Ұлы Мәртебелі Королеваның Түрмелер инспекциясының** инспекторы; инспекция Ұлыбританияның ҰАТ жұмысын үйлестіреді. Түрмелер мен көшіп-қонушыларды ұстау орындарына алдын ала хабарланбаған тексерулерді басқарған.",
            },
        },
        {
            "key": "tasbolatova",
            "name": "Gulmira Tasbolatova",
            "title": {
                "en": "Psychiatrist; NPM participant",
                "ru": "Врач-психиатр, участник НПМ",
                "kk": "Психиатр дәрігер, ҰАТ қатысушысы",
            },
            "organisation": {
                "en": "Almaty Association of Independent Medical Experts",
                "ru": "Алматинская ассоциация независимых медицинских экспертов",
                "kk": "Алматы тәуелсіз медициналық сарапшылар қауымдастығы",
            },
            "country": "KZ",
            "email": "g.tasbolatova@example.org",
            "bio": {
                "en": "Dr Gulmira Tasbolatova is a psychiatrist with twenty years of clinical experience. As an **NPM participant** she takes part in visits to psychiatric hospitals and medical and social institutions and advises monitoring groups on health-related findings.",
                "ru": "Гульмира Тасболатова — врач-психиатр с двадцатилетним клиническим стажем. Как **участник НПМ** посещает психиатрические больницы и медико-социальные учреждения и консультирует группы по медицинским вопросам.",
                "kk": "Гүлмира Тасболатова — жиырма жылдық клиникалық тәжірибесі бар психиатр дәрігер. **ҰАТ қатысушысы** ретінде психиатриялық ауруханаларға және медициналық-әлеуметтік мекемелерге барады, топтарға медициналық мәселелер бойынша кеңес береді.",
            },
        },
        {
            "key": "ermekova",
            "name": "Saltanat Ermekova",
            "title": {
                "en": "Programme Manager",
                "ru": "Менеджер программ",
                "kk": "Бағдарламалар менеджері",
            },
            "organisation": {
                "en": "Penal Reform International, Central Asia Office",
                "ru": "Представительство Penal Reform International в Центральной Азии",
                "kk": "Penal Reform International-дың Орталық Азиядағы өкілдігі",
            },
            "country": "KZ",
            "email": "s.ermekova@example.org",
            "bio": {
                "en": "Saltanat Ermekova manages criminal justice programmes at the Central Asia office of **Penal Reform International**. Her work covers training for NPM participants, women in prison and the implementation of the UN Bangkok Rules and Nelson Mandela Rules.",
                "ru": "Салтанат Ермекова руководит программами в сфере уголовного правосудия в Представительстве **Penal Reform International** в Центральной Азии. Занимается обучением участников НПМ, положением женщин в местах лишения свободы и внедрением Бангкокских правил и Правил Нельсона Манделы.",
                "kk": "Салтанат Ермекова **Penal Reform International-дың** Орталық Азиядағы өкілдігінде қылмыстық сот төрелігі саласындағы бағдарламаларды басқарады. ҰАТ қатысушыларын оқытумен, бас бостандығынан айыру орындарындағы әйелдердің жағдайымен, БҰҰ-ның Бангкок ережелері мен Нельсон Мандела ережелерін енгізумен айналысады.",
            },
        },
        {
            "key": "kim",
            "name": "Viktor Kim",
            "title": {
                "en": "Forensic medical expert",
                "ru": "Судебно-медицинский эксперт",
                "kk": "Сот-медициналық сарапшы",
            },
            "organisation": {
                "en": "Almaty Association of Independent Medical Experts",
                "ru": "Алматинская ассоциация независимых медицинских экспертов",
                "kk": "Алматы тәуелсіз медициналық сарапшылар қауымдастығы",
            },
            "country": "KZ",
            "email": "v.kim@example.org",
            "bio": {
                "en": "Dr Viktor Kim is a forensic medical expert experienced in documenting injuries in line with the **Istanbul Protocol**. He trains doctors and monitors to recognise and record the physical and psychological signs of ill-treatment.",
                "ru": "Виктор Ким — судебно-медицинский эксперт с опытом документирования телесных повреждений в соответствии со **Стамбульским протоколом**. Обучает врачей и участников мониторинга распознавать и фиксировать физические и психологические признаки жестокого обращения.",
                "kk": "Виктор Ким — дене жарақаттарын **Стамбұл хаттамасына** сәйкес құжаттау тәжірибесі бар сот-медициналық сарапшы. Дәрігерлер мен мониторинг қатысушыларын қатыгез қарым-қатынастың физикалық және психологиялық белгілерін танып, тіркеуге үйретеді.",
            },
        },
        {
            "key": "omarova",
            "name": "Zhanar Omarova",
            "title": {
                "en": "Lawyer; expert on gender and human rights",
                "ru": "Юрист, эксперт по гендерным вопросам и правам человека",
                "kk": "Заңгер, гендерлік мәселелер және адам құқықтары жөніндегі сарапшы",
            },
            "organisation": {
                "en": "Public Foundation “Law and Society”",
                "ru": "Общественный фонд «Право и общество»",
                "kk": "«Құқық және қоғам» қоғамдық қоры",
            },
            "country": "KZ",
            "email": "zh.omarova@example.org",
            "bio": {
                "en": "Zhanar Omarova is a lawyer who has monitored women's penal colonies and institutions for minors. She trains NPM participants on the UN Bangkok Rules and on the needs of women, children, persons with disabilities and other groups at particular risk in detention.",
                "ru": "Жанар Омарова — юрист, участвовала в мониторинге женских исправительных колоний и учреждений для несовершеннолетних. Обучает участников НПМ применению Бангкокских правил ООН и учёту потребностей женщин, детей, людей с инвалидностью и других групп, находящихся в местах лишения свободы в особо уязвимом положении.",
                "kk": "Жанар Омарова — заңгер, әйелдер түзеу колониялары мен кәмелетке толмағандарға арналған мекемелердің мониторингіне қатысқан. ҰАТ қатысушыларын БҰҰ-ның Бангкок ережелерін қолдануға және бас бостандығынан айыру орындарында ерекше осал жағдайдағы әйелдердің, балалардың, мүгедектігі бар адамдардың және басқа да топтардың қажеттіліктерін ескеруге үйретеді.",
            },
        },
    ],
    "sessions": [
        # ---------------------------------------------------------------- day 1, 3 October 2017
        {
            "key": "t-registration",
            "day": 1,
            "start": time(9, 0),
            "end": time(9, 30),
            "room": "training-room",
            "track": None,
            "type": "break",
            "title": {
                "en": "Registration and welcome coffee",
                "ru": "Регистрация и приветственный кофе",
                "kk": "Тіркеу және таңғы кофе",
            },
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "m1-opcat-mandate",
            "day": 1,
            "start": time(9, 30),
            "end": time(11, 0),
            "room": "training-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 1. OPCAT and the mandate of national preventive mechanisms",
                "ru": "Модуль 1. ФП КПП и мандат национальных превентивных механизмов",
                "kk": "1-модуль. Факультативтік хаттама және ұлттық алдын алу тетіктерінің мандаты",
            },
            "abstract": {
                "en": "What OPCAT requires of a national preventive mechanism and how Kazakhstan's “Ombudsman plus” model works in practice: the powers of NPM participants, the list of institutions they may visit, the role of the Coordination Council and the guarantees of independence. Participants work through cases in which an administration refuses access.",
                "ru": "Требования ФП КПП к национальному превентивному механизму и практика казахстанской модели «Омбудсмен плюс»: полномочия участников НПМ, перечень учреждений для посещения, роль Координационного совета и гарантии независимости. Участники разберут ситуации, в которых администрация отказывает в доступе.",
                "kk": "Факультативтік хаттаманың ұлттық алдын алу тетігіне қоятын талаптары және қазақстандық «Омбудсмен плюс» үлгісінің іс жүзіндегі жұмысы: ҰАТ қатысушыларының өкілеттіктері, баруға болатын мекемелер тізбесі, Үйлестіру кеңесінің рөлі және тәуелсіздік кепілдіктері. Қатысушылар әкімшілік мекемеге кіргізбей қойған жағдайларды талдайды.",
            },
            "people": [("mukhamedzhanov", "speaker"), ("bekmukhambetova", "speaker")],
            "interpretation": ["ru", "kk"],
        },
        {
            "key": "t-coffee-1",
            "day": 1,
            "start": time(11, 0),
            "end": time(11, 20),
            "room": "training-room",
            "track": None,
            "type": "break",
            "title": {"en": "Coffee break", "ru": "Кофе-брейк", "kk": "Кофе үзілісі"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "m2-planning",
            "day": 1,
            "start": time(11, 20),
            "end": time(13, 0),
            "room": "training-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 2. Planning a preventive visit",
                "ru": "Модуль 2. Планирование превентивного посещения",
                "kk": "2-модуль. Алдын алу мақсатындағы баруды жоспарлау",
            },
            "abstract": {
                "en": "How a monitoring group chooses where to go and prepares: gathering prior information, setting the focus of the visit, dividing roles within the team and preparing checklists. The module ends with each group drafting a plan for a visit to a temporary detention facility.",
                "ru": "Как группа выбирает учреждение и готовится к посещению: сбор предварительной информации, определение фокуса посещения, распределение ролей в группе, подготовка контрольных списков. В завершение каждая группа составит план посещения изолятора временного содержания.",
                "kk": "Топ баратын мекемені қалай таңдайды және баруға қалай дайындалады: алдын ала ақпарат жинау, барудың басты бағытын айқындау, топ ішінде рөлдерді бөлу, бақылау тізімдерін дайындау. Модуль соңында әр топ уақытша ұстау изоляторына бару жоспарын жасайды.",
            },
            "people": [("bekmukhambetova", "speaker"), ("marsh", "speaker")],
            "interpretation": ["ru", "kk", "en"],
        },
        {
            "key": "t-lunch-1",
            "day": 1,
            "start": time(13, 0),
            "end": time(14, 0),
            "room": "training-room",
            "track": None,
            "type": "break",
            "title": {"en": "Lunch", "ru": "Обед", "kk": "Түскі ас"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "m3-interviews",
            "day": 1,
            "start": time(14, 0),
            "end": time(16, 0),
            "room": "practice-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 3. Interviewing detainees in private",
                "ru": "Модуль 3. Конфиденциальные беседы с содержащимися",
                "kk": "3-модуль. Ұсталғандармен оңаша әңгімелесу",
            },
            "abstract": {
                "en": "Private interviews are the core of a preventive visit. Through role play in a simulated setting, participants practise choosing whom to interview, explaining confidentiality, asking open questions, recognising signs of trauma and ending an interview safely.",
                "ru": "Конфиденциальные беседы — основа превентивного посещения. В ролевых играх в смоделированной обстановке участники отработают выбор собеседников, разъяснение принципа конфиденциальности, открытые вопросы, распознавание признаков травмы и корректное завершение беседы.",
                "kk": "Оңаша әңгімелесу — алдын алу мақсатындағы барудың негізі. Арнайы жабдықталған бөлмедегі рөлдік ойындар арқылы қатысушылар әңгімелесетін адамдарды таңдауды, құпиялылық қағидатын түсіндіруді, ашық сұрақтар қоюды, жарақат белгілерін тануды және әңгімені дұрыс аяқтауды машықтанады.",
            },
            "people": [("marsh", "speaker"), ("tasbolatova", "speaker")],
            "interpretation": ["ru", "kk", "en"],
        },
        # ---------------------------------------------------------------- day 2, 4 October 2017
        {
            "key": "m4-do-no-harm",
            "day": 2,
            "start": time(9, 30),
            "end": time(11, 0),
            "room": "training-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 4. Do no harm: confidentiality and preventing reprisals",
                "ru": "Модуль 4. «Не навреди»: конфиденциальность и предотвращение преследования",
                "kk": "4-модуль. «Зиян келтірме»: құпиялылық және қудалаудың алдын алу",
            },
            "abstract": {
                "en": "A visit must never make a detainee's situation worse. The module covers informed consent, protecting sources of information, recognising signs of pressure after a visit and what the NPM can do when reprisals are suspected.",
                "ru": "Посещение ни в коем случае не должно ухудшить положение содержащегося. Модуль посвящён информированному согласию, защите источников информации, признакам давления после посещения и действиям НПМ при подозрении на преследование (репрессалии).",
                "kk": "Бару ешқашан ұсталған адамның жағдайын нашарлатпауы тиіс. Модуль ақпараттандырылған келісімге, ақпарат көздерін қорғауға, барудан кейінгі қысым белгілеріне және қудалауға күдік туындағанда ҰАТ-тың іс-әрекеттеріне арналған.",
            },
            "people": [("ermekova", "speaker"), ("omarova", "speaker")],
            "interpretation": ["ru", "kk"],
        },
        {
            "key": "t-coffee-2",
            "day": 2,
            "start": time(11, 0),
            "end": time(11, 20),
            "room": "training-room",
            "track": None,
            "type": "break",
            "title": {"en": "Coffee break", "ru": "Кофе-брейк", "kk": "Кофе үзілісі"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "m5-istanbul-protocol",
            "day": 2,
            "start": time(11, 20),
            "end": time(13, 0),
            "room": "practice-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 5. Documenting torture and ill-treatment: the Istanbul Protocol",
                "ru": "Модуль 5. Документирование пыток и жестокого обращения: Стамбульский протокол",
                "kk": "5-модуль. Азаптау мен қатыгез қарым-қатынасты құжаттау: Стамбұл хаттамасы",
            },
            "abstract": {
                "en": "An introduction to the Istanbul Protocol for monitors without medical training: how to record allegations and visible injuries, take photographs with the person's consent, cross-check medical records and registers, and when to request an independent forensic examination.",
                "ru": "Введение в Стамбульский протокол для участников НПМ без медицинского образования: как фиксировать заявления и видимые телесные повреждения, фотографировать с согласия человека, сверять медицинскую документацию и журналы и когда требовать независимую судебно-медицинскую экспертизу.",
                "kk": "Медициналық білімі жоқ ҰАТ қатысушыларына арналған Стамбұл хаттамасына кіріспе: арыздар мен көзге көрінетін дене жарақаттарын қалай тіркеу, адамның келісімімен суретке түсіру, медициналық құжаттар мен журналдарды салыстыру және тәуелсіз сот-медициналық сараптаманы қашан талап ету керек.",
            },
            "people": [("kim", "speaker"), ("tasbolatova", "speaker")],
            "interpretation": ["ru", "kk"],
        },
        {
            "key": "t-lunch-2",
            "day": 2,
            "start": time(13, 0),
            "end": time(14, 0),
            "room": "training-room",
            "track": None,
            "type": "break",
            "title": {"en": "Lunch", "ru": "Обед", "kk": "Түскі ас"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "m6-vulnerable-groups",
            "day": 2,
            "start": time(14, 0),
            "end": time(16, 0),
            "room": "training-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 6. Women and vulnerable groups in detention",
                "ru": "Модуль 6. Женщины и уязвимые группы в местах лишения свободы",
                "kk": "6-модуль. Бас бостандығынан айыру орындарындағы әйелдер және осал топтар",
            },
            "abstract": {
                "en": "Women, minors, foreign nationals, persons with disabilities, older people and other groups face specific risks in detention. Participants apply the UN Bangkok Rules and Nelson Mandela Rules to case studies and learn to adapt interviews to each group.",
                "ru": "Женщины, несовершеннолетние, иностранные граждане, люди с инвалидностью, пожилые и другие группы сталкиваются в местах лишения свободы с особыми рисками. Участники применят Бангкокские правила и Правила Нельсона Манделы к практическим ситуациям и научатся адаптировать беседы к потребностям каждой группы.",
                "kk": "Әйелдер, кәмелетке толмағандар, шетел азаматтары, мүгедектігі бар адамдар, егде жастағы адамдар және басқа да топтар бас бостандығынан айыру орындарында ерекше қатерлерге тап болады. Қатысушылар БҰҰ-ның Бангкок ережелері мен Нельсон Мандела ережелерін нақты жағдайларға қолданып, әңгімелесуді әр топтың қажеттіліктеріне бейімдеуді үйренеді.",
            },
            "people": [("omarova", "speaker"), ("ermekova", "speaker")],
            "interpretation": ["ru", "kk"],
        },
        # ---------------------------------------------------------------- day 3, 5 October 2017
        {
            "key": "m7-psychiatric-social-care",
            "day": 3,
            "start": time(9, 30),
            "end": time(11, 0),
            "room": "training-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 7. Psychiatric and social care institutions",
                "ru": "Модуль 7. Психиатрические учреждения и учреждения социального обслуживания",
                "kk": "7-модуль. Психиатриялық мекемелер және әлеуметтік қызмет көрсету мекемелері",
            },
            "abstract": {
                "en": "Psychiatric hospitals and social care homes are places of deprivation of liberty too. The module covers involuntary admission, consent to treatment, physical restraint and seclusion, living conditions and the signs of neglect.",
                "ru": "Психиатрические больницы и учреждения социального обслуживания — тоже места лишения свободы. В модуле рассматриваются недобровольная госпитализация, согласие на лечение, меры физического стеснения и изоляции, условия проживания и признаки ненадлежащего ухода.",
                "kk": "Психиатриялық ауруханалар мен әлеуметтік қызмет көрсету мекемелері де бас бостандығынан айыру орындарына жатады. Модульде ауруханаға мәжбүрлеп жатқызу, емделуге келісім, физикалық шектеу және оқшаулау шаралары, тұру жағдайлары және тиісті күтімнің болмау белгілері қарастырылады.",
            },
            "people": [("tasbolatova", "speaker"), ("kim", "speaker")],
            "interpretation": ["ru", "kk"],
        },
        {
            "key": "t-coffee-3",
            "day": 3,
            "start": time(11, 0),
            "end": time(11, 20),
            "room": "training-room",
            "track": None,
            "type": "break",
            "title": {"en": "Coffee break", "ru": "Кофе-брейк", "kk": "Кофе үзілісі"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "m8-report-writing",
            "day": 3,
            "start": time(11, 20),
            "end": time(13, 0),
            "room": "training-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 8. Writing the visit report and recommendations",
                "ru": "Модуль 8. Подготовка отчёта о посещении и рекомендаций",
                "kk": "8-модуль. Бару туралы есеп пен ұсынымдар дайындау",
            },
            "abstract": {
                "en": "From field notes to a report that changes practice: structuring findings, separating facts from assessment, and writing recommendations that are specific, measurable, addressed to the right body and realistic. Groups draft recommendations from the material of the practice visit.",
                "ru": "От полевых заметок к докладу, который меняет практику: структура выводов, разграничение фактов и оценок, рекомендации — конкретные, измеримые, адресованные нужному органу и выполнимые. Группы подготовят рекомендации по материалам учебного посещения.",
                "kk": "Далалық жазбалардан тәжірибені өзгертетін баяндамаға дейін: қорытындылардың құрылымы, фактілер мен бағалауды ажырату, нақты, өлшенетін, тиісті органға бағытталған және орындалатын ұсынымдар жазу. Топтар оқу барысындағы бару материалдары бойынша ұсынымдар дайындайды.",
            },
            "people": [("mukhamedzhanov", "speaker"), ("marsh", "speaker")],
            "interpretation": ["ru", "kk", "en"],
        },
        {
            "key": "t-lunch-3",
            "day": 3,
            "start": time(13, 0),
            "end": time(14, 0),
            "room": "training-room",
            "track": None,
            "type": "break",
            "title": {"en": "Lunch", "ru": "Обед", "kk": "Түскі ас"},
            "abstract": {"en": "", "ru": "", "kk": ""},
            "people": [],
            "interpretation": [],
        },
        {
            "key": "m9-follow-up",
            "day": 3,
            "start": time(14, 0),
            "end": time(15, 30),
            "room": "training-room",
            "track": None,
            "type": "training_module",
            "title": {
                "en": "Module 9. Follow-up and dialogue with the authorities",
                "ru": "Модуль 9. Контроль за выполнением рекомендаций и диалог с органами власти",
                "kk": "9-модуль. Ұсынымдардың орындалуын қадағалау және билік органдарымен диалог",
            },
            "abstract": {
                "en": "Recommendations matter only if they are implemented. The module covers the closing talk with the administration at the end of a visit, tracking responses, follow-up visits and building a working dialogue with regional authorities and prosecutors. The course closes with an evaluation and the presentation of certificates.",
                "ru": "Рекомендации имеют смысл, только если они выполняются. В модуле: итоговая беседа с администрацией по завершении посещения, отслеживание ответов, повторные посещения и выстраивание рабочего диалога с местными органами власти и прокуратурой. Курс завершится оценкой и вручением сертификатов.",
                "kk": "Ұсынымдар орындалғанда ғана мәнге ие. Модульде: бару соңында әкімшілікпен қорытынды әңгіме, жауаптарды қадағалау, қайталап бару және жергілікті билік органдарымен әрі прокуратурамен жұмыс диалогын құру. Курс бағалаумен және сертификаттар тапсырумен аяқталады.",
            },
            "people": [("mukhamedzhanov", "speaker"), ("bekmukhambetova", "speaker")],
            "interpretation": ["ru", "kk"],
        },
    ],
    "organisers": [
        {
            "email": "training@example.org",
            "name": "Dana Abenova",
            "organisation": {
                "en": "Penal Reform International, Central Asia Office",
                "ru": "Представительство Penal Reform International в Центральной Азии",
                "kk": "Penal Reform International-дың Орталық Азиядағы өкілдігі",
            },
        },
    ],
    "registration_fields": [
        {
            "key": "organisation",
            "type": "text",
            "required": True,
            "label": {"en": "Organisation", "ru": "Организация", "kk": "Ұйым"},
            "help": {
                "en": "The organisation you represent in the NPM.",
                "ru": "Организация, которую вы представляете в НПМ.",
                "kk": "ҰАТ-та өкілдік ететін ұйымыңыз.",
            },
        },
        {
            "key": "region",
            "type": "single_choice",
            "required": True,
            "label": {"en": "Region", "ru": "Регион", "kk": "Өңір"},
            "help": {
                "en": "The region where you will carry out preventive visits.",
                "ru": "Регион, в котором вы будете проводить превентивные посещения.",
                "kk": "Алдын алу мақсатындағы баруларды жүргізетін өңіріңіз.",
            },
            "choices": [
                {"key": "astana", "label": {"en": "Astana", "ru": "г. Астана", "kk": "Астана қаласы"}},
                {"key": "almaty", "label": {"en": "Almaty", "ru": "г. Алматы", "kk": "Алматы қаласы"}},
                {
                    "key": "karaganda",
                    "label": {"en": "Karaganda Region", "ru": "Карагандинская область", "kk": "Қарағанды облысы"},
                },
                {
                    "key": "east-kazakhstan",
                    "label": {
                        "en": "East Kazakhstan Region",
                        "ru": "Восточно-Казахстанская область",
                        "kk": "Шығыс Қазақстан облысы",
                    },
                },
                {
                    "key": "south-kazakhstan",
                    "label": {
                        "en": "South Kazakhstan Region",
                        "ru": "Южно-Казахстанская область",
                        "kk": "Оңтүстік Қазақстан облысы",
                    },
                },
                {
                    "key": "pavlodar",
                    "label": {"en": "Pavlodar Region", "ru": "Павлодарская область", "kk": "Павлодар облысы"},
                },
                {"key": "other", "label": {"en": "Other region", "ru": "Другой регион", "kk": "Басқа өңір"}},
            ],
        },
        {
            "key": "experience",
            "type": "long_text",
            "required": False,
            "label": {
                "en": "Previous monitoring experience",
                "ru": "Опыт мониторинга",
                "kk": "Мониторинг жүргізу тәжірибесі",
            },
            "help": {
                "en": "Briefly describe any previous visits to closed institutions, membership of a public monitoring commission or related work.",
                "ru": "Кратко опишите ваш опыт посещения закрытых учреждений, работы в общественной наблюдательной комиссии или иной связанной деятельности.",
                "kk": "Жабық мекемелерге бұрын барғаныңызды, қоғамдық байқау комиссиясындағы жұмысыңызды немесе басқа да осыған ұқсас қызметіңізді қысқаша сипаттаңыз.",
            },
        },
    ],
}


PARTICIPANTS = [
    {
        "name": "Айгүл Жақсылықова",
        "email": "a.zhaksylykova@example.org",
        "organisation": {
            "en": "Public Monitoring Commission of Akmola Region",
            "ru": "Общественная наблюдательная комиссия Акмолинской области",
            "kk": "Ақмола облысының қоғамдық байқау комиссиясы",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Ержан Төлеуов",
        "email": "y.toleuov@example.org",
        "organisation": {
            "en": "Ministry of Justice of the Republic of Kazakhstan",
            "ru": "Министерство юстиции Республики Казахстан",
            "kk": "Қазақстан Республикасының Әділет министрлігі",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Наталья Ковалёва",
        "email": "n.kovaleva@example.org",
        "organisation": {
            "en": "Public Foundation “Law and Society”",
            "ru": "Общественный фонд «Право и общество»",
            "kk": "«Құқық және қоғам» қоғамдық қоры",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Тимур Ахметов",
        "email": "t.akhmetov@example.org",
        "organisation": {
            "en": "Almaty City Prosecutor's Office",
            "ru": "Прокуратура города Алматы",
            "kk": "Алматы қаласының прокуратурасы",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Гүлнар Оспанова",
        "email": "g.ospanova@example.org",
        "organisation": {
            "en": "Ministry of Health of the Republic of Kazakhstan",
            "ru": "Министерство здравоохранения Республики Казахстан",
            "kk": "Қазақстан Республикасының Денсаулық сақтау министрлігі",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Сергей Ли",
        "email": "s.li@example.org",
        "organisation": {
            "en": "Almaty City Bar Association",
            "ru": "Алматинская городская коллегия адвокатов",
            "kk": "Алматы қалалық адвокаттар алқасы",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Мәдина Әбдіқадырова",
        "email": "m.abdikadyrova@example.org",
        "organisation": {
            "en": "Al-Farabi Kazakh National University, Faculty of Law",
            "ru": "Казахский национальный университет имени аль-Фараби, юридический факультет",
            "kk": "Әл-Фараби атындағы Қазақ ұлттық университеті, заң факультеті",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Олег Шевченко",
        "email": "o.shevchenko@example.org",
        "organisation": {
            "en": "Penal Correction System Department for Pavlodar Region",
            "ru": "Департамент уголовно-исполнительной системы по Павлодарской области",
            "kk": "Павлодар облысы бойынша Қылмыстық-атқару жүйесі департаменті",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Жанна Исабекова",
        "email": "zh.isabekova@example.org",
        "organisation": {
            "en": "National Centre for Human Rights",
            "ru": "Национальный центр по правам человека",
            "kk": "Адам құқықтары жөніндегі ұлттық орталық",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Бауыржан Нұрмағамбетов",
        "email": "b.nurmagambetov@example.org",
        "organisation": {
            "en": "Public Monitoring Commission of East Kazakhstan Region",
            "ru": "Общественная наблюдательная комиссия Восточно-Казахстанской области",
            "kk": "Шығыс Қазақстан облысының қоғамдық байқау комиссиясы",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Екатерина Морозова",
        "email": "e.morozova@example.org",
        "organisation": {
            "en": "Public Association “Parents' Voice”",
            "ru": "Общественное объединение «Голос родителей»",
            "kk": "«Ата-ана үні» қоғамдық бірлестігі",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Әсел Қайратқызы",
        "email": "a.kairatkyzy@example.org",
        "organisation": {
            "en": "Ministry of Labour and Social Protection of the Republic of Kazakhstan",
            "ru": "Министерство труда и социальной защиты населения Республики Казахстан",
            "kk": "Қазақстан Республикасының Еңбек және халықты әлеуметтік қорғау министрлігі",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Андрей Ким",
        "email": "a.kim@example.org",
        "organisation": {
            "en": "L. N. Gumilyov Eurasian National University",
            "ru": "Евразийский национальный университет имени Л. Н. Гумилёва",
            "kk": "Л. Н. Гумилев атындағы Еуразия ұлттық университеті",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Динара Сейтжанова",
        "email": "d.seitzhanova@example.org",
        "organisation": {
            "en": "Staff of the Mazhilis of the Parliament of the Republic of Kazakhstan",
            "ru": "Аппарат Мажилиса Парламента Республики Казахстан",
            "kk": "Қазақстан Республикасы Парламенті Мәжілісінің Аппараты",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Sophie Laurent",
        "email": "s.laurent@example.org",
        "organisation": {
            "en": "OSCE Office for Democratic Institutions and Human Rights (ODIHR)",
            "ru": "Бюро ОБСЕ по демократическим институтам и правам человека (БДИПЧ)",
            "kk": "ЕҚЫҰ-ның Демократиялық институттар және адам құқықтары жөніндегі бюросы (ДИАҚБ)",
        },
        "country": "FR",
        "language": "en",
    },
    {
        "name": "Jonas Berger",
        "email": "j.berger@example.org",
        "organisation": {
            "en": "Delegation of the European Union to Kazakhstan",
            "ru": "Представительство Европейского союза в Казахстане",
            "kk": "Еуропалық Одақтың Қазақстандағы өкілдігі",
        },
        "country": "DE",
        "language": "en",
    },
    {
        "name": "Айнұр Бекова",
        "email": "a.bekova@example.org",
        "organisation": {
            "en": "UNICEF Kazakhstan",
            "ru": "Представительство ЮНИСЕФ в Казахстане",
            "kk": "ЮНИСЕФ-тің Қазақстандағы өкілдігі",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Нурлан Жумабаев",
        "email": "n.zhumabayev@example.org",
        "organisation": {
            "en": "Astana City Police Department",
            "ru": "Департамент полиции города Астаны",
            "kk": "Астана қаласының Полиция департаменті",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Мариам Гелашвили",
        "email": "m.gelashvili@example.org",
        "organisation": {
            "en": "Public Defender (Ombudsman) of Georgia",
            "ru": "Аппарат Народного защитника (Омбудсмена) Грузии",
            "kk": "Грузияның Халық қорғаушысы (Омбудсмені) аппараты",
        },
        "country": "GE",
        "language": "ru",
    },
    {
        "name": "Азамат Сыздықов",
        "email": "a.syzdykov@example.org",
        "organisation": {
            "en": "Public Foundation “Meirim Zholy”, Shymkent",
            "ru": "Общественный фонд «Мейірім жолы», Шымкент",
            "kk": "«Мейірім жолы» қоғамдық қоры, Шымкент",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Елена Русу",
        "email": "e.rusu@example.org",
        "organisation": {
            "en": "People's Advocate Office of the Republic of Moldova",
            "ru": "Офис Народного адвоката Республики Молдова",
            "kk": "Молдова Республикасының Халық адвокаты кеңсесі",
        },
        "country": "MD",
        "language": "ru",
    },
    {
        "name": "Бахтияр Умаров",
        "email": "b.umarov@example.org",
        "organisation": {
            "en": "Office of the Ombudsman of the Republic of Uzbekistan",
            "ru": "Секретариат Омбудсмена Республики Узбекистан",
            "kk": "Өзбекстан Республикасы Омбудсменінің хатшылығы",
        },
        "country": "UZ",
        "language": "ru",
    },
    {
        "name": "Чолпон Асанова",
        "email": "ch.asanova@example.org",
        "organisation": {
            "en": "National Centre of the Kyrgyz Republic for the Prevention of Torture",
            "ru": "Национальный центр Кыргызской Республики по предупреждению пыток",
            "kk": "Қырғыз Республикасының Азаптаулардың алдын алу жөніндегі ұлттық орталығы",
        },
        "country": "KG",
        "language": "ru",
    },
    {
        "name": "James Whitfield",
        "email": "j.whitfield@example.org",
        "organisation": {
            "en": "British Embassy Astana",
            "ru": "Посольство Великобритании в Астане",
            "kk": "Ұлыбританияның Астанадағы елшілігі",
        },
        "country": "GB",
        "language": "en",
    },
    {
        "name": "Лаура Мұхтарова",
        "email": "l.mukhtarova@example.org",
        "organisation": {
            "en": "KAZGUU University, Higher School of Law",
            "ru": "Университет КАЗГЮУ, Высшая школа права",
            "kk": "КАЗГЮУ университеті, Жоғары құқық мектебі",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Игорь Пак",
        "email": "i.pak@example.org",
        "organisation": {
            "en": "Public Monitoring Commission of Almaty",
            "ru": "Общественная наблюдательная комиссия города Алматы",
            "kk": "Алматы қаласының қоғамдық байқау комиссиясы",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Сәуле Тоқтарова",
        "email": "s.toktarova@example.org",
        "organisation": {
            "en": "Crisis Centre for Women “Senim”",
            "ru": "Кризисный центр для женщин «Сенім»",
            "kk": "Әйелдерге арналған «Сенім» дағдарыс орталығы",
        },
        "country": "KZ",
        "language": "kk",
    },
    {
        "name": "Anna Kowalska",
        "email": "a.kowalska@example.org",
        "organisation": {
            "en": "Helsinki Foundation for Human Rights, Warsaw",
            "ru": "Хельсинкский фонд по правам человека, Варшава",
            "kk": "Адам құқықтары жөніндегі Хельсинки қоры, Варшава",
        },
        "country": "PL",
        "language": "en",
    },
    {
        "name": "Виктория Ан",
        "email": "v.an@example.org",
        "organisation": {
            "en": "Penal Reform International, Central Asia Office",
            "ru": "Представительство Penal Reform International в Центральной Азии",
            "kk": "Penal Reform International-дың Орталық Азиядағы өкілдігі",
        },
        "country": "KZ",
        "language": "ru",
    },
    {
        "name": "Ерлан Қасымов",
        "email": "y.kassymov@example.org",
        "organisation": {
            "en": "Committee of the Penal Correction System, Ministry of Internal Affairs",
            "ru": "Комитет уголовно-исполнительной системы МВД Республики Казахстан",
            "kk": "ҚР Ішкі істер министрлігінің Қылмыстық-атқару жүйесі комитеті",
        },
        "country": "KZ",
        "language": "kk",
    },
]


# Rapporteurs' notes per forum session. Russian is the source language; English and
# Kazakh translations exist only for some sessions (missing ones show up in the
# translation matrix).
NOTES = {
    "opening": {
        "ru": """Форум открыл модератор Ербол Мухамеджанов (Национальный центр по правам человека). Руководитель Офиса программ ОБСЕ в Астане Дьёрдь Сабо подчеркнул, что инициативы, направленные на повышение осведомлённости о НПМ на различных уровнях, а также поддержка диалога между гражданским обществом и государственными органами о его развитии всегда приветствуются. По его словам, такие обсуждения должны стать неотъемлемой частью работы по предупреждению пыток в Казахстане.

Уполномоченный по правам человека Аскар Шакиров отметил, что НПМ в Казахстане действует в рамках стратегического партнёрства с государственными органами и состоит исключительно из представителей гражданского общества: он независим от всех ветвей власти, а вмешательство в деятельность участников НПМ запрещено законом.

Ключевые тезисы:

- форум приурочен к десятилетию ФП КПП и стал первым форумом по НПМ Казахстана, проведённым при поддержке ОБСЕ;
- превентивная работа — это долгосрочное партнёрство, а не разовая проверка;
- Региональное отделение УВКПЧ ООН готово и дальше содействовать выполнению рекомендаций договорных органов ООН.""",
        "en": """The forum was opened by the moderator, Yerbol Mukhamedzhanov (National Centre for Human Rights). György Szabó, Head of the OSCE Programme Office in Astana, said that initiatives aimed at raising public awareness of the NPM at various levels, and support for dialogue between civil society and state authorities on its development, are always welcome. Such discussions, he said, should become an integral part of the work on preventing torture in Kazakhstan.

Ombudsman Askar Shakirov said that the NPM in Kazakhstan operates within a strategic partnership with state bodies and is composed exclusively of civil-society representatives: it is independent of all branches of government, and interference in the activities of NPM participants is prohibited by law.

Key points:

- the forum is dedicated to the tenth anniversary of OPCAT and is the first OSCE-supported forum on Kazakhstan's NPM;
- prevention is a long-term partnership, not a one-off inspection;
- the OHCHR Regional Office stands ready to keep supporting the implementation of recommendations of the UN treaty bodies.""",
        "kk": """Форумды модератор Ербол Мұхамеджанов (Адам құқықтары жөніндегі ұлттық орталық) ашты. ЕҚЫҰ-ның Астанадағы бағдарламалар офисінің басшысы Дьёрдь Сабо ҰАТ туралы түрлі деңгейде хабардарлықты арттыруға бағытталған бастамалар, сондай-ақ тетікті дамыту мәселелері бойынша азаматтық қоғам мен мемлекеттік органдар арасындағы диалогты қолдау әрдайым құптарлық екенін атап өтті. Оның айтуынша, мұндай талқылаулар Қазақстанда азаптаудың алдын алу жұмысының ажырамас бөлігіне айналуы тиіс.

Адам құқықтары жөніндегі уәкіл Асқар Шәкіров Қазақстандағы ҰАТ мемлекеттік органдармен стратегиялық әріптестік шеңберінде жұмыс істейтінін және тек азаматтық қоғам өкілдерінен тұратынын айтты: тетік биліктің барлық тармақтарынан тәуелсіз, ал ҰАТ қатысушыларының қызметіне араласуға заңмен тыйым салынған.

Негізгі тұжырымдар:

- форум Факультативтік хаттаманың он жылдығына арналған және ЕҚЫҰ қолдауымен өткен Қазақстандағы ҰАТ жөніндегі алғашқы форум болды;
- алдын алу жұмысы — бір реттік тексеріс емес, ұзақ мерзімді әріптестік;
- БҰҰ Адам құқықтары жөніндегі жоғарғы комиссары басқармасының Өңірлік өкілдігі БҰҰ шарттық органдарының ұсынымдарын орындауға бұдан әрі де жәрдемдесуге дайын.""",
    },
    "opcat-ten-years": {
        "ru": """Лючия Ферранте (ППП ООН) напомнила, что ФП КПП основан на идее предупреждения: независимые органы регулярно посещают места лишения свободы, чтобы устранять риски пыток до того, как они реализуются, а не только реагировать на уже совершённые нарушения. За десять лет большинство государств — участников Протокола создали свои НПМ.

Ключевые тезисы:

- НПМ должен иметь доступ ко всем местам, где находятся или могут находиться лица, лишённые свободы, в том числе без предварительного уведомления;
- конфиденциальные беседы без свидетелей — главный источник информации при посещении;
- независимость НПМ включает финансовую самостоятельность и возможность самостоятельно формировать свой состав и аппарат;
- рекомендации должны быть конкретными и выполнимыми и сопровождаться диалогом об их выполнении.""",
        "en": """Lucia Ferrante (UN SPT) recalled that OPCAT is built on prevention: independent bodies visit places of detention regularly in order to remove the risks of torture before they materialise, not only to react to violations that have already occurred. Over ten years most States Parties to the Protocol have set up their NPMs.

Key points:

- the NPM must have access to all places where people are or may be deprived of their liberty, including without prior notice;
- private interviews without witnesses are the main source of information during a visit;
- independence includes financial autonomy and the NPM's ability to choose its own members and staff;
- recommendations should be specific and feasible and be followed by a dialogue on their implementation.""",
    },
    "legal-framework": {
        "ru": """Ербол Мухамеджанов представил обзор законодательства о НПМ: закон 2013 года закрепил модель «Омбудсмен плюс», определил перечень учреждений, подлежащих посещению, и порядок формирования групп из числа участников НПМ. Депутат Мажилиса Серик Жакупов сообщил, что Парламент готов рассмотреть поправки по итогам форума.

Лючия Ферранте обратила внимание на то, что определение мест лишения свободы в ФП КПП шире национального перечня: оно охватывает любые учреждения, которые человек не может покинуть по своей воле. Раушан Бекмухамбетова рассказала о практических трудностях с финансированием посещений и о необходимости планировать их на год вперёд.

Рекомендации панели:

- привести перечень посещаемых учреждений в соответствие со статьёй 4 ФП КПП;
- предусмотреть отдельную бюджетную программу для НПМ, чтобы обеспечить его финансовую независимость;
- закрепить в законе гарантии защиты участников НПМ и лиц, предоставивших им информацию, от преследования;
- закрепить право участников НПМ на фото- и видеофиксацию в ходе посещений.""",
        "en": """Yerbol Mukhamedzhanov gave an overview of the NPM legislation: the 2013 law established the “Ombudsman plus” model, defined the list of institutions to be visited and set out how groups of NPM participants are formed. Serik Zhakupov, member of the Mazhilis, said that Parliament is ready to consider amendments following the forum.

Lucia Ferrante pointed out that the OPCAT definition of places of deprivation of liberty is broader than the national list: it covers any institution that a person cannot leave at will. Raushan Bekmukhambetova described practical difficulties with the funding of visits and the need to plan them a year in advance.

Recommendations of the panel:

- bring the list of institutions subject to visits into line with Article 4 of OPCAT;
- create a separate budget programme for the NPM to secure its financial independence;
- guarantee in law that NPM participants and people who give them information are protected against reprisals;
- enshrine the right of NPM participants to take photographs and video recordings during visits.""",
        "kk": """Ербол Мұхамеджанов ҰАТ туралы заңнамаға шолу жасады: 2013 жылғы заң «Омбудсмен плюс» үлгісін бекітті, баруға жататын мекемелердің тізбесін және ҰАТ қатысушылары қатарынан топтар құру тәртібін айқындады. Мәжіліс депутаты Серік Жақыпов Парламент форум қорытындысы бойынша түзетулерді қарауға дайын екенін хабарлады.

Лючия Ферранте Факультативтік хаттамадағы бас бостандығынан айыру орындарының анықтамасы ұлттық тізбеден кеңірек екеніне назар аударды: ол адам өз еркімен шығып кете алмайтын кез келген мекемені қамтиды. Раушан Бекмұхамбетова баруларды қаржыландырудағы практикалық қиындықтар және оларды бір жыл бұрын жоспарлау қажеттігі туралы айтты.

Панельдің ұсынымдары:

- баруға жататын мекемелер тізбесін Факультативтік хаттаманың 4-бабына сәйкес келтіру;
- ҰАТ-тың қаржылық тәуелсіздігін қамтамасыз ету үшін жеке бюджеттік бағдарлама көздеу;
- ҰАТ қатысушыларын және оларға ақпарат берген адамдарды қудалаудан қорғау кепілдіктерін заңда бекіту;
- ҰАТ қатысушыларының бару кезінде фото- және бейнетүсірілім жасау құқығын заңнамалық тұрғыдан бекіту.""",
    },
    "public-oversight": {
        "ru": """Участники НПМ из разных регионов рассказали о типичных препятствиях при посещениях. Дмитрий Васильев привёл примеры, когда группа ожидала допуска в учреждение более часа, а беседы с содержащимися проходили в присутствии сотрудников. Гульмира Тасболатова отметила, что в психиатрических стационарах телесные повреждения пациентов часто не фиксируются в медицинской документации.

Марат Сулейменов (Комитет УИС МВД) сообщил, что комитет направит в учреждения разъяснение о порядке допуска участников НПМ и о праве на конфиденциальные беседы. Салтанат Ермекова предложила проводить совместное обучение сотрудников учреждений и участников НПМ.

Основные выводы:

- допуск групп НПМ должен обеспечиваться без неоправданных задержек;
- конфиденциальные беседы должны проводиться вне пределов слышимости персонала;
- необходим единый порядок медицинской фиксации телесных повреждений при поступлении в учреждение;
- вопрос о фото- и видеосъёмке в ходе посещений требует нормативного урегулирования.""",
        "en": """NPM participants from several regions described the obstacles they typically face during visits. Dmitry Vasiliev gave examples of groups waiting more than an hour to be let into an institution and of interviews held in the presence of staff. Gulmira Tasbolatova noted that in psychiatric hospitals patients' injuries are often not recorded in their medical files.

Marat Suleimenov (Committee of the Penal Correction System) said that the Committee would send institutions guidance on admitting NPM participants and on the right to confidential interviews. Saltanat Ermekova proposed joint training for institution staff and NPM participants.

Main conclusions:

- NPM groups must be admitted without undue delay;
- confidential interviews must take place out of the hearing of staff;
- a uniform procedure is needed for the medical recording of injuries on admission to an institution;
- the taking of photographs and video during visits needs to be regulated.""",
        "kk": """Түрлі өңірлерден келген ҰАТ қатысушылары бару кезінде жиі кездесетін кедергілер туралы айтты. Дмитрий Васильев топтың мекемеге кіруге рұқсат алу үшін бір сағаттан астам күткен және ұсталғандармен әңгіме қызметкерлердің көзінше өткен жағдайларды мысалға келтірді. Гүлмира Тасболатова психиатриялық стационарларда пациенттердің дене жарақаттары медициналық құжаттамада жиі тіркелмейтінін атап өтті.

Марат Сүлейменов (ІІМ Қылмыстық-атқару жүйесі комитеті) комитет мекемелерге ҰАТ қатысушыларын кіргізу тәртібі мен оңаша әңгімелесу құқығы туралы түсіндірме жіберетінін хабарлады. Салтанат Ермекова мекеме қызметкерлері мен ҰАТ қатысушыларын бірлесіп оқытуды ұсынды.

Негізгі қорытындылар:

- ҰАТ топтары мекемеге негізсіз кідіртілмей кіргізілуі тиіс;
- оңаша әңгімелесу қызметкерлер естімейтін жерде өткізілуі тиіс;
- мекемеге келіп түскен кезде дене жарақаттарын медициналық тіркеудің бірыңғай тәртібі қажет;
- бару кезінде фото- және бейнетүсірілім жасау мәселесі нормативтік тұрғыдан реттелуі тиіс.""",
    },
    "cooperation": {
        "ru": """Модератор Аскар Шакиров подчеркнул, что у НПМ и государственных органов общая цель — исключить условия, при которых возможны пытки. Участники обсудили, как перевести взаимодействие из формата «проверяющий — проверяемый» в формат регулярного рабочего диалога.

Марат Сулейменов и Нурлан Абдрахманов рассказали о порядке рассмотрения рекомендаций НПМ в системе МВД и органах прокуратуры. Раушан Бекмухамбетова отметила, что ответы на рекомендации нередко носят формальный характер. Даниэль Линдквист привёл примеры межведомственных рабочих групп в других странах региона.

Предложения:

- назначить в каждом территориальном департаменте ответственное лицо для взаимодействия с НПМ;
- проводить ежеквартальные встречи участников НПМ с руководством региональных департаментов;
- установить разумный срок для ответа на рекомендации НПМ и публиковать ответы вместе с докладом.""",
    },
    "consolidated-report": {
        "ru": """Ербол Мухамеджанов и Раушан Бекмухамбетова представили консолидированный доклад участников НПМ о результатах превентивных посещений, проведённых в 2016 году. Посещения охватили изоляторы временного содержания, следственные изоляторы, исправительные учреждения, специальные приёмники, психиатрические и наркологические организации, а также учреждения для детей.

Дмитрий Васильев поделился опытом работы группы в Карагандинской области и отметил, что часть рекомендаций прошлых лет уже выполнена: в ряде изоляторов оборудованы помещения для конфиденциальных встреч, улучшены вентиляция и освещение.

Наиболее частые системные проблемы, отмеченные в докладе:

- недостаточное медицинское обслуживание и отсутствие независимой фиксации телесных повреждений;
- несоответствие материально-бытовых условий установленным нормам, особенно в старых зданиях;
- недостаточное информирование содержащихся об их правах и о порядке подачи жалоб;
- ограниченные возможности для связи с родственниками;
- использование неформальных дисциплинарных практик в учреждениях для детей.""",
        "en": """Yerbol Mukhamedzhanov and Raushan Bekmukhambetova presented the consolidated report of NPM participants on the results of the preventive visits conducted in 2016. The visits covered temporary detention facilities, pre-trial detention centres, penal institutions, special detention centres, psychiatric and drug-treatment institutions, and institutions for children.

Dmitry Vasiliev shared the experience of the group in Karaganda Region and noted that some recommendations from previous years have already been implemented: several detention facilities now have rooms for confidential meetings, and ventilation and lighting have been improved.

The systemic problems found most often, according to the report:

- inadequate health care and no independent recording of injuries;
- material conditions that fall short of the established standards, especially in old buildings;
- detainees not being properly informed of their rights and of how to complain;
- limited opportunities for contact with relatives;
- informal disciplinary practices in institutions for children.""",
        "kk": """Ербол Мұхамеджанов пен Раушан Бекмұхамбетова ҰАТ қатысушыларының 2016 жылы жүргізген алдын алу мақсатындағы барулары нәтижелері бойынша шоғырландырылған баяндаманы таныстырды. Барулар уақытша ұстау изоляторларын, тергеу изоляторларын, түзеу мекемелерін, арнаулы қабылдау орындарын, психиатриялық және наркологиялық ұйымдарды, сондай-ақ балаларға арналған мекемелерді қамтыды.

Дмитрий Васильев Қарағанды облысындағы топтың жұмыс тәжірибесімен бөлісіп, өткен жылдардағы ұсынымдардың бір бөлігі орындалғанын атап өтті: бірқатар изоляторларда оңаша кездесулерге арналған бөлмелер жабдықталып, желдету мен жарықтандыру жақсартылды.

Баяндамада атап өтілген ең жиі кездесетін жүйелі проблемалар:

- медициналық қызмет көрсетудің жеткіліксіздігі және дене жарақаттарының тәуелсіз тіркелмеуі;
- материалдық-тұрмыстық жағдайлардың, әсіресе ескі ғимараттарда, белгіленген нормаларға сәйкес келмеуі;
- ұсталғандардың өз құқықтары мен шағым беру тәртібі туралы жеткілікті хабардар етілмеуі;
- туыстарымен байланысу мүмкіндіктерінің шектеулілігі;
- балаларға арналған мекемелерде бейресми тәртіптік тәжірибелердің қолданылуы.""",
    },
    "coe-effectiveness": {
        "ru": """Модератор Ана Стэнеску напомнила, что в странах Совета Европы НПМ работают параллельно с Европейским комитетом по предупреждению пыток (ЕКПП) и во многом опираются на его стандарты. Хелен Марш рассказала, как Инспекция тюрем Великобритании проверяет выполнение рекомендаций при повторных инспекциях и публикует эти данные. Лючия Ферранте подчеркнула, что эффективность нельзя измерять только числом посещений.

Ключевые тезисы:

- реестр рекомендаций с отметкой о статусе выполнения позволяет видеть динамику;
- повторные посещения — основной инструмент проверки выполнения рекомендаций;
- тематические обзоры (например, о содержании женщин или о медицинской помощи) дают картину системных проблем;
- Казахстану предложено начать с указания доли выполненных рекомендаций в ежегодном консолидированном докладе.""",
        "en": """The moderator, Ana Stănescu, recalled that in Council of Europe countries NPMs work alongside the European Committee for the Prevention of Torture (CPT) and rely heavily on its standards. Helen Marsh explained how HM Inspectorate of Prisons checks the implementation of recommendations during follow-up inspections and publishes the results. Lucia Ferrante stressed that effectiveness cannot be measured by the number of visits alone.

Key points:

- a register of recommendations with their implementation status shows progress over time;
- follow-up visits are the main tool for checking implementation;
- thematic reviews (for example on women in detention or on health care) reveal systemic problems;
- Kazakhstan could start by reporting the share of implemented recommendations in the annual consolidated report.""",
    },
    "georgia-slovenia": {
        "ru": """Леван Кобахидзе рассказал, что в состав групп НПМ Грузии входят юристы, врачи и психологи; медицинские эксперты документируют телесные повреждения в соответствии со Стамбульским протоколом, а выводы НПМ входят в ежегодный доклад Народного защитника Парламенту. Тина Краль описала словенскую модель «Омбудсмен плюс»: неправительственные организации отбираются по открытому конкурсу, а их представители участвуют в посещениях вместе с сотрудниками Омбудсмена.

Уроки для Казахстана:

- многопрофильный состав групп повышает качество выводов, особенно по медицинским вопросам;
- отчёты о посещениях целесообразно публиковать вместе с ответами органов власти;
- повторные посещения следует планировать специально для проверки выполнения ключевых рекомендаций.""",
        "en": """Levan Kobakhidze explained that Georgia's NPM teams include lawyers, doctors and psychologists; the medical experts document injuries in line with the Istanbul Protocol, and the NPM's findings form part of the Public Defender's annual report to Parliament. Tina Kralj described Slovenia's “Ombudsman plus” model: non-governmental organisations are selected through a public call, and their representatives take part in visits together with the Ombudsman's staff.

Lessons for Kazakhstan:

- multidisciplinary teams produce better findings, especially on health-related issues;
- visit reports are best published together with the authorities' responses;
- follow-up visits should be planned specifically to check the implementation of key recommendations.""",
    },
    "spain-uk": {
        "ru": """Кармен Руис Ортега рассказала, что НПМ Испании при Defensor del Pueblo опирается на консультативный совет из юристов, врачей и психологов и уделяет особое внимание содержанию в полиции и в центрах для мигрантов; НПМ последовательно рекомендует видеофиксацию в помещениях для задержанных. Хелен Марш представила опубликованные критерии Инспекции тюрем («ожидания»), по которым оцениваются учреждения, и практику необъявленных инспекций.

Ключевые тезисы:

- необъявленные посещения позволяют увидеть реальное положение дел;
- заранее опубликованные критерии делают оценку прозрачной и предсказуемой для администрации;
- публикация докладов повышает доверие общества и побуждает органы власти выполнять рекомендации.""",
        "en": """Carmen Ruiz Ortega explained that Spain's NPM within the Defensor del Pueblo draws on an advisory council of lawyers, doctors and psychologists and pays particular attention to police custody and immigration detention centres; it has consistently recommended video recording in custody areas. Helen Marsh presented the Inspectorate's published criteria (“Expectations”) against which institutions are assessed, and its practice of unannounced inspections.

Key points:

- unannounced visits show the real situation;
- criteria published in advance make assessment transparent and predictable for the administration;
- publishing reports builds public trust and encourages the authorities to implement recommendations.""",
    },
    "recommendations": {
        "ru": """Модератор Даниэль Линдквист напомнил о заключительных замечаниях Комитета ООН против пыток и рекомендациях Универсального периодического обзора, касающихся Казахстана. Нурлан Абдрахманов рассказал о реагировании прокуратуры на выводы НПМ, Марат Сулейменов — о мерах, принятых в учреждениях уголовно-исполнительной системы по итогам посещений. Серик Жакупов предложил ежегодно заслушивать в Парламенте консолидированный доклад НПМ.

Предложения панели:

- создать единый реестр рекомендаций международных органов и НПМ с указанием ответственных органов и сроков;
- разработать национальный план действий по предупреждению пыток;
- проводить ежегодные парламентские слушания по докладу НПМ;
- привлекать участников НПМ к оценке выполнения рекомендаций.""",
        "kk": """Модератор Даниэль Линдквист БҰҰ-ның Азаптауларға қарсы комитетінің қорытынды ескертулерін және Жалпыға бірдей мерзімдік шолудың Қазақстанға қатысты ұсынымдарын еске салды. Нұрлан Абдрахманов прокуратураның ҰАТ қорытындыларына қалай ден қоятыны туралы, Марат Сүлейменов барулар нәтижесінде қылмыстық-атқару жүйесі мекемелерінде қабылданған шаралар туралы айтты. Серік Жақыпов ҰАТ-тың шоғырландырылған баяндамасын Парламентте жыл сайын тыңдауды ұсынды.

Панельдің ұсыныстары:

- халықаралық органдар мен ҰАТ ұсынымдарының жауапты органдар мен мерзімдер көрсетілген бірыңғай тізілімін құру;
- азаптаудың алдын алу жөніндегі ұлттық іс-қимыл жоспарын әзірлеу;
- ҰАТ баяндамасы бойынша жыл сайын парламенттік тыңдаулар өткізу;
- ұсынымдардың орындалуын бағалауға ҰАТ қатысушыларын тарту.""",
    },
    "conclusions": {
        "ru": """Раушан Бекмухамбетова и Ербол Мухамеджанов представили обобщённые итоги двух дней работы. Проект рекомендаций обсуждался в зале; участники предложили дополнить его положениями о совместном обучении сотрудников учреждений и участников НПМ и о регулярном проведении подобных форумов.

Модератор Дьёрдь Сабо отметил, что итоговые рекомендации будут направлены в Парламент, Правительство и заинтересованные государственные органы.

- Полный текст выводов и рекомендаций приведён в итоговом документе форума.
- Замечания к проекту принимались до конца дня 17 мая.""",
    },
    "closing": {
        "ru": """Аскар Шакиров поблагодарил организаторов, партнёров и зарубежных экспертов за открытый обмен опытом и подчеркнул, что рекомендации форума будут учтены в работе НПМ. Дьёрдь Сабо подтвердил, что Офис программ ОБСЕ продолжит поддерживать НПМ, в том числе обучение новых участников и диалог между гражданским обществом и государственными органами.

- Следующий шаг — учебный курс для новых участников НПМ осенью 2017 года.
- Материалы форума и итоговый документ доступны на странице мероприятия.""",
    },
}


EVENT_CONCLUSIONS = {
    "ru": """Участники первого форума по национальному превентивному механизму против пыток (Астана, 16–17 мая 2017 года), приуроченного к десятилетию ФП КПП, отмечают, что НПМ Казахстана, действующий по модели «Омбудсмен плюс» и состоящий исключительно из представителей гражданского общества, стал важным инструментом предупреждения пыток, и рекомендуют:

- привести перечень учреждений, посещаемых НПМ, в соответствие со статьёй 4 ФП КПП, охватив все места, которые человек не может покинуть по своей воле;
- обеспечить финансовую независимость НПМ путём выделения отдельной бюджетной программы;
- закрепить в законодательстве гарантии защиты участников НПМ и лиц, предоставляющих им информацию, от любого преследования;
- обеспечить беспрепятственный и своевременный допуск групп НПМ в учреждения и проведение конфиденциальных бесед вне пределов слышимости персонала; урегулировать порядок фото- и видеофиксации;
- ввести единый порядок медицинского освидетельствования и документирования телесных повреждений в соответствии со Стамбульским протоколом;
- создать единый реестр рекомендаций НПМ и международных органов с указанием ответственных органов и сроков и ежегодно указывать долю выполненных рекомендаций в консолидированном докладе;
- назначить в государственных органах ответственных лиц для взаимодействия с НПМ и проводить регулярные рабочие встречи на региональном уровне;
- проводить ежегодные парламентские слушания по консолидированному докладу НПМ;
- продолжить обучение участников НПМ, в том числе с использованием опыта Грузии, Словении, Испании и Великобритании, и организовать их совместное обучение с сотрудниками учреждений.""",
    "en": """The participants of the first forum on the National Preventive Mechanism against Torture (Astana, 16–17 May 2017), dedicated to the tenth anniversary of OPCAT, note that Kazakhstan's NPM, which follows the “Ombudsman plus” model and is composed exclusively of civil-society representatives, has become an important tool for preventing torture, and recommend to:

- bring the list of institutions visited by the NPM into line with Article 4 of OPCAT, covering every place that a person cannot leave at will;
- secure the financial independence of the NPM through a separate budget programme;
- guarantee in law that NPM participants and people who give them information are protected against any reprisals;
- ensure that NPM groups are admitted to institutions promptly and without obstruction and can hold confidential interviews out of the hearing of staff; regulate the taking of photographs and video;
- introduce a uniform procedure for medical examination and documentation of injuries in line with the Istanbul Protocol;
- create a single register of recommendations of the NPM and international bodies, with responsible bodies and deadlines, and report the share of implemented recommendations in the annual consolidated report;
- appoint focal points for co-operation with the NPM in state bodies and hold regular working meetings at regional level;
- hold annual parliamentary hearings on the NPM's consolidated report;
- continue training NPM participants, drawing among others on the experience of Georgia, Slovenia, Spain and the United Kingdom, and organise joint training with institution staff.""",
    "kk": """Факультативтік хаттаманың он жылдығына арналған азаптауларға қарсы ұлттық алдын алу тетігі жөніндегі алғашқы форумның (Астана, 2017 жылғы 16–17 мамыр) қатысушылары «Омбудсмен плюс» үлгісі бойынша жұмыс істейтін және тек азаматтық қоғам өкілдерінен тұратын Қазақстандағы ҰАТ азаптаудың алдын алудың маңызды құралына айналғанын атап өтіп, мыналарды ұсынады:

- ҰАТ баратын мекемелер тізбесін Факультативтік хаттаманың 4-бабына сәйкес келтіріп, адам өз еркімен шығып кете алмайтын барлық орындарды қамту;
- жеке бюджеттік бағдарлама бөлу арқылы ҰАТ-тың қаржылық тәуелсіздігін қамтамасыз ету;
- ҰАТ қатысушыларын және оларға ақпарат беретін адамдарды кез келген қудалаудан қорғау кепілдіктерін заңнамада бекіту;
- ҰАТ топтарының мекемелерге кедергісіз әрі уақтылы кіруін және оңаша әңгімелесудің қызметкерлер естімейтін жерде өткізілуін қамтамасыз ету; фото- және бейнетүсірілім жасау тәртібін реттеу;
- дене жарақаттарын Стамбұл хаттамасына сәйкес медициналық куәландыру мен құжаттаудың бірыңғай тәртібін енгізу;
- ҰАТ пен халықаралық органдар ұсынымдарының жауапты органдар мен мерзімдер көрсетілген бірыңғай тізілімін құру және орындалған ұсынымдардың үлесін жыл сайын шоғырландырылған баяндамада көрсету;
- мемлекеттік органдарда ҰАТ-пен өзара іс-қимыл жасауға жауапты адамдарды тағайындау және өңірлік деңгейде тұрақты жұмыс кездесулерін өткізу;
- ҰАТ-тың шоғырландырылған баяндамасы бойынша жыл сайын парламенттік тыңдаулар өткізу;
- ҰАТ қатысушыларын оқытуды, соның ішінде Грузия, Словения, Испания және Ұлыбритания тәжірибесін пайдалана отырып, жалғастыру және олардың мекеме қызметкерлерімен бірлескен оқуын ұйымдастыру.""",
}
