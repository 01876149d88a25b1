# Sailau беттері қазақ тілінде. Тұжырымдар Sailau-дікі; оларды ОСК-нің ресми нысандарымен
# салыстыру керек.

## Әр беттің жақтауы

site-title = Сайлау қорытындылары
skip-to-content = Мазмұнға өту
nav-main = Басты мәзір
nav-results = Қорытындылар
nav-verify = Тексеру
nav-register = Тізілімдер
nav-console = Комиссияларға
nav-language = Тіл
text-size = Мәтін өлшемі
high-contrast = Жоғары контраст
footer-open = Бұл беттердегі барлық мәлімет ашық сайлау жазбасынан алынған: оны кез келген адам жүктеп алып, тексере алады.
download-record = Сайлау жазбасын жүктеп алу
breadcrumbs = Сіз қай жердесіз
nation = Қазақстан
date-long = { $year } жылғы { $day } { $month ->
    [1] қаңтар
    [2] ақпан
    [3] наурыз
    [4] сәуір
    [5] мамыр
    [6] маусым
    [7] шілде
    [8] тамыз
    [9] қыркүйек
    [10] қазан
    [11] қараша
   *[12] желтоқсан
}

## Қателер

error-not-found = Табылмады
error-bad-request = Сұрауды орындау мүмкін емес
error-forbidden = Рұқсат жоқ
error-conflict = Қайшылық
error-internal = Бірдеңе дұрыс болмады
error-internal-detail = Сервис жауап бере алмады. Ештеңе өзгерген жоқ; қайталап көріңіз.
back-to-results = Қорытындыларға оралу
no-election-yet = Бұл сервисте әзірге сайлау анықталмаған.
no-such-unit = Бұл сайлауда «{ $unit }» бірлігі жоқ.
no-such-precinct = Бұл сайлауда «{ $precinct }» учаскесі жоқ.

## Жалпыұлттық бет

national-title = Қорытындылар
status-final = Түпкілікті қорытындылар.
status-signed = Орталық сайлау комиссиясы ({ $by }) жалпыұлттық хаттамаға { $at } қол қойды.
status-none = Әзірге бірде-бір учаске хаттама жіберген жоқ.
status-complete = Барлық учаске хаттама жіберді.
status-awaiting-cec = Орталық сайлау комиссиясы жалпыұлттық хаттамаға қол қойғанда қорытындылар түпкілікті болады.
status-preliminary = Алдын ала қорытындылар.
status-reported = { NUM($total) } учаскенің { NUM($reported) } хаттама жіберді.
status-progress = Хаттама жіберген учаскелер
refused-title = Заң бойынша шешім қабылданбаған дауыс берулер

turnout-title = Сайлауға қатысу
turnout-none = Қатысу туралы мәлімет әлі жарияланған жоқ: әр сағат барлық учаскеде келгенде жарияланады.
turnout-at = Сағат { $hour } жағдай бойынша қатысу: { $percent }
turnout-of = { NUM($registered) } сайлаушының { NUM($voted) } бюллетень алды; мәліметті { NUM($precincts) } учаскенің { NUM($reporting) } жіберді.
turnout-by-hour = Күн ішіндегі қатысу
turnout-by-region = Өңірлер бойынша қатысу
col-hour = Уақыт
col-voted = Дауыс бергендер
col-registered = Тізімдегілер
col-region = Өңір

body-presidential = Президент
body-mazhilis = Мәжіліс
body-kurultai = Құрылтай
body-senate = Сенат
body-maslikhat = Мәслихаттар
body-rural-akim = Ауыл әкімдері
body-referendum = Референдум

col-option = Нұсқа
col-votes = Дауыс
col-share = Үлес
col-chart = Үлес жолақ түрінде
col-threshold = Шек
col-seats = Мандат
passed = өтті
not-passed = өтпеді
line-threshold = Сызық — тізім мандат бөлуге қатысу үшін өтуі тиіс { $percent } шек.
line-majority = Сызық — дауыстың жартысы: бірінші турда жеңу үшін кандидатқа { $percent } астам дауыс қажет.
line-adoption = Сызық — { $percent }: мәселе қабылдану үшін одан көп дауыс қажет.
outcome-allocated = { $seats } мандат шектен өткен { $lists } тізім арасында бөлінді.
outcome-elected = { $name } дауыстың { $share } алып сайланды.
outcome-runoff = Бірде-бір кандидат дауыстың жартысынан астамын алған жоқ: екінші турға { $first } және { $second } шығады.
outcome-repeat = Ережелер бойынша ешкім сайлана алмайды: дауыс беру қайта өткізіледі.
outcome-adopted = Мәселе қабылданды.
outcome-rejected = Мәселе қабылданбады.
outcome-invalid = Дауыс беру жарамсыз: тым аз сайлаушы қатысты.

chamber-title = Палата құрамы
chamber-seated = Палатаның құрамы
chamber-seated-intro = Партиялар тізім бойынша мандаттарына атаған депутаттар мен округтердегі жеңімпаздар, тізілім жазғандай (тізілім «Тізілімдер» бетінде).
chamber-total = Палатаның { $seats } мандаты партиялар бойынша.
col-party = Партия
col-list-seats = Тізім бойынша
col-district-seats = Округтер бойынша
seat-undecided = Әлі анықталмаған
self-nominated = Өзін-өзі ұсынған
district-winners = Бір мандатты округтер
col-district = Округ
col-winner = Жеңімпаз
councils-title = Мәслихаттар
col-council = Мәслихат
col-districts-decided = Қорытындысы бар округтер
votes-here = осы бірліктегі дауыстар

next-title = Бұдан әрі не болады
next-preliminary = Барлық учаске хаттама жіберіп, Орталық сайлау комиссиясы қол қойғанша қорытындылар алдын ала болып саналады. Заң түпкілікті қорытындыларды он күн ішінде шығаруды белгілейді: { $due } дейін.
next-awaiting-cec = Барлық учаске хаттама жіберді; Орталық сайлау комиссиясы жалпыұлттық хаттамаға { $due } дейін қол қояды.
next-final = Қорытындылар түпкілікті: Орталық сайлау комиссиясы жалпыұлттық хаттамаға қол қойды.
next-runoff = Екінші тур екі ай ішінде өткізіледі.
next-repeat = бұл округте қайта сайлау тағайындалады.
next-lists = Мандат алған әр партия он күн ішінде өз тізімінен депутаттарын атайды.

## Бірліктер мен учаскелер

unit-signed = Аумақтық комиссия ({ $by }) бұл сомаға { $at } қол қойды.
summary-json = Осы бірліктің жиынтық хаттамасы (JSON)
unit-results = Осы бірліктегі қорытындылар
subunits = Аудандар
col-unit = Бірлік
col-reported = Жіберді
precincts = Учаскелер
col-precinct = Учаске
col-protocol = Хаттама
precinct-number = № { $number } учаске
protocol-received = алынды
protocol-awaited = күтілуде
protocol-accepted = Хаттама { $at } қабылданды.
signed-by-station = Учаске кілтімен қол қойылған
seal-closed = Электрондық жәшік жабылды
seal-entries = Электрондық жәшік журналындағы жазбалар
seal-head = Журналдың соңғы хэші
seal-tally = Оның tally.json файлының SHA-256
record-status = Учаске жазбасы
protocol-json = Қол қойылған хаттама (JSON)
print = Басып шығару
record-none = әлі жарияланған жоқ
record-pending = жарияланды, тексерілуде
record-passed = тексерілді: барлық тексеруден өтті
record-failed = тексеруден ӨТПЕДІ
protocol-counts = Бюллетеньдер мен сайлаушылар
protocol-votes = Дауыстар
relations-hold = Барлық бақылау арақатынасы орындалды.

## Тексеру

verify-title = Сайлауды тексеріңіз
check-my-ballot = Бюллетенімді тексеру
check-my-ballot-intro = Дауыс бергенде терминал растау кодын көрсетті. Ашық хабарландыру тақтасынан шифрланған бюллетеніңізді көру үшін оны енгізіңіз. Код бюллетеніңіздің есепке алынғанын көрсетеді; қалай дауыс бергеніңізді көрсетпейді.
code-label = Растау коды
code-hint = 16 әріп пен цифр, мысалы 7K2M-9QXD-4H8B-ZT3W. Сызықшалар мен әріп регистрі маңызды емес.
code-check = Тексеру
code-malformed = Бұл растау коды емес: код 16 әріп пен цифрдан тұрады.
code-not-found = Бұл кодпен бюллетень тақтада әзірге жоқ.
code-not-found-why = Учаске жабылып, жазбасы жүктелгеннен кейін бюллетеньдерін жариялайды: әзірге { NUM($total) } учаскенің { NUM($reported) } жариялады. Учаскеңіз жариялап, кодыңыз болмаса, бақылаушыға немесе комиссияға хабарлаңыз және кодты сақтаңыз.
code-found = Бюллетеніңіз хабарландыру тақтасында.
code-precinct = Сайлау учаскесі
code-state = Күйі
code-cast = салынды: есепке алынады
code-challenged = дауланды: терминалды тексеру үшін ашылды, есепке алынбайды
code-position = Тақтадағы орны
code-full = Толық код
code-chain = Одан кейінгі тақта тізбегі
record-title = Сайлау жазбасы
record-failures = Жазбасы тексеруден өтпеген учаскелер
board-length = Тақтадағы бюллетеньдер
board-head = Тақта тізбегінің басы
definition-digest = Сайлау анықтамасы (SHA-256)
how-to-verify = Өзіңіз тексеріңіз
how-to-verify-intro = Кез келген адам бүкіл жазбаны жүктеп алып, осы сервиске сенбей-ақ әр бюллетеньнің дәлелдерін, әр учаскенің қол қойылған хаттамасын, әр соманы және әр шешімді тексере алады. Sailau орнатылған болса, мұны бір команда жасайды:
how-to-verify-manual = Немесе жазбаны жүктеп алып, тексеріңіз:
flags-title = Белгілер
flags-none = Ешқандай белгі жоқ.
col-flag = Белгі
col-detail = Толығырақ

## Учаскелік комиссияның пульті

go-back = Оралу
console-title = Учаскелік сайлау комиссиясы
training-clock = Оқу сағаты:
station-password = Учаскенің құпиясөзі
sign-in = Кіру
sign-out = Шығу
wrong-password = Құпиясөз қате.
console-menu = Пульт
console-overview = Шолу
desk-title = Сайлаушыларды тіркеу
box-title = Электрондық жәшік
mobile-title = Көшпелі жәшік
count-title = Қағаз бюллетеньдерді санау
close-title = Жабу
polls-title = Дауыс беру
polls-not-opened = Дауыс беру әлі ашылған жоқ.
polls-opened = Дауыс беру { $at } ашылды.
polls-sealed = Учаске { $at } мөрленді: бюллетень бұдан былай берілмейді, жәшік қабылдамайды.
open-intro = Бақылаушыларға жәшіктердің бос екенін көрсетіп, әр дауыс беру бойынша алынған қағаз бюллетеньдерді санап, дауыс беруді ашыңыз.
paper-received-for = Алынған қағаз бюллетеньдер: { $contest }
open-polls = Дауыс беруді ашу
not-a-count = «{ $value }» бүтін сан емес.
day-title = Күннің осы сәтке дейінгі барысы
on-list = Тізімдегі сайлаушылар
issued-paper = Үй-жайда берілген қағаз бюллетеньдер
issued-mobile = Көшпелі жәшік үшін берілген қағаз бюллетеньдер
issued-card = Берілген карталар
box-entries = Электрондық жәшіктегі бюллетеньдер (салынған және дауланған)
mobile-requests = Көшпелі жәшікке өтініштер
turnout-sent = ОСК-ге жіберілді
turnout-accepted = қабылданды
turnout-not-accepted = қабылданбады: { $answer }
send-turnout-now = Мерзімі келген қатысуды жіберу
no-central = Бұл учаске ОСК сервисіне қосылмаған.
terminals-title = Дауыс беру терминалдары
terminal-reset = Сеансты аяқтау
no-such-terminal = Бұл учаскеде «{ $device }» терминалы жоқ.
how-paper = қағазда
how-mobile = көшпелі жәшік үшін
how-card = картада
find-voter = Сайлаушыны ЖСН бойынша табу
iin-hint = Жеке куәліктің 12 цифры.
find = Табу
not-on-list = Бұл сайлаушы учаске тізімінде жоқ.
already-issued = Бұл сайлаушы бюллетеньдерді алып қойған ({ $how }).
has-certificate = Бұл сайлаушы { $number } сырттай дауыс беру куәлігін алған: { $contests } дауыс беру бойынша басқа жерде дауыс береді.
issue-paper = Қағаз бюллетеньдер беру
issue-card = Карта беру
issue-mobile = Көшпелі жәшік үшін бюллетень беру
request-mobile = Көшпелі жәшікке жазбаша өтінішті тіркеу
card-written = { $card } картасы жазылды.
card-written-next = Картаны сайлаушыға беріңіз: терминал оны оқиды, ал жәшік қайтарып алады.
ballots-issued = { $contests } дауыс беру бойынша бюллетеньдер берілді ({ $how }).
next-voter = Келесі сайлаушы
mobile-intro = Үй-жайдан тыс дауыс беруге жазбаша өтініштер: көшпелі жәшікті алып баратын екі мүше осы тізімді алады.
mobile-none = Көшпелі жәшікке өтініш жоқ.
observers-title = Байқаушылар
observers-intro = Осы учаскеде байқауға тіркелгендер, тізілім бойынша. Әрқайсысының келгенін белгілеңіз: қатысқан әр байқаушы жабылғанда хаттаманың қол қойылған көшірмесін алады.
observers-none = Бұл учаскеде ешкім аккредиттелмеген (учаске тізілімсіз іске қосылған, немесе тізілім мұнда ешкімді аккредиттемейді).
observers-number = Аккредиттеу
observers-for = Кімнің атынан
observers-present = Қатысады
observers-since = келген уақыты
observers-arrived = Келді
observers-not-accredited = осы учаскеде байқауға аккредиттелмеген
observers-kind-party = партия
observers-kind-ngo = үкіметтік емес ұйым
observers-kind-proxy = кандидаттың сенім білдірілген өкілі
observers-kind-media = БАҚ
observers-kind-international = халықаралық миссия
observers-copy = Жабылғанда қатысқан әр байқаушыға қол қойылған хаттаманы (protocol.json немесе оның басылған көшірмесін) беріңіз. Ол оны желісіз, ОСК жариялайтын сайлау анықтамасы мен учаскелер кілттері бойынша тексереді:
col-name = Аты-жөні
col-issued = Бюллетень берілді
yes = иә
no = жоқ
box-intro = Сайлаушының картасын жәшікке салыңыз: ол барлық қолтаңба мен дәлелді тексеріп, бюллетеньді жазып, картаны өшіреді.
box-insert = Картаны салу
card-number-bad = Карта нөмірі — төрт цифрға дейін.
no-such-card = { $card } картасы жоқ.
card-in-reader = Картаны оқу құрылғысына салып, батырманы басыңыз.
card-written-reader = Тіркеу үстеліндегі оқу құрылғысындағы карта жазылды.
card-not-blank = Тіркеу үстеліндегі оқу құрылғысындағы карта бос емес: онда токен немесе бюллетень бар. Алдымен оны жәшікке салыңыз немесе бос карта алыңыз.
reader-trouble = Карта оқу құрылғысы: { $why }
no-reader = { $device } терминалында карта оқу құрылғысы жоқ.
box-accepted = Бюллетень жәшікте.
box-challenged = Картада дауланған бюллетеньдер де болды ({ $n }): олар жарияланады және есепке алынбайды.
box-not-wiped = Картаны өшіру мүмкін болмады; кейін қайта салыңыз: жәшік оны таниды.

## Қағаз бюллетеньдерді санау

count-intro = Комиссияның екі мүшесі әр дауыс берудің қорытындысын бір-бірінен тәуелсіз енгізеді. Екі жазба барлық сан бойынша сәйкес келгенде қорытынды қабылданады; енгізіп жатқанда бақылау арақатынастары тіркеу деректерімен тексеріледі.
count-member = Комиссия мүшесінің аты-жөні
count-ballots = Бюллетеньдер
count-votes = Дауыстар
count-spoiled = Бүлінген
count-unused = Пайдаланылмаған
count-found-station = Тұрақты жәшіктерден табылған
count-found-mobile = Көшпелі жәшіктен табылған
count-invalid = Жарамсыз
count-enter = Осы санауды енгізу
count-waiting = Қажетті 2 жазбаның { $entries }.
count-agreed = Екі жазба сәйкес келді: қорытынды қабылданды.
count-differ = Жазбалар сәйкес келмейді; қайта санаңыз:
count-relations-hold = Бақылау арақатынастары әзірге орындалады.
count-refused = Бұл санау сәйкес келмейді және енгізілмеді:
relation-paper-accounted = Алынған қағаз бюллетеньдер ({ $received }) ≠ үй-жайда берілген ({ $station }) + көшпелі жәшік үшін берілген ({ $mobile }) + бүлінген ({ $spoiled }) + пайдаланылмаған ({ $unused }).
relation-found-station = Тұрақты жәшіктерден табылған ({ $found }) > үй-жайда берілген ({ $issued }).
relation-found-mobile = Көшпелі жәшіктен табылған ({ $found }) > ол үшін берілген ({ $issued }).
relation-paper-votes = Қағаздағы дауыстар ({ $votes }) + жарамсыз ({ $invalid }) ≠ табылған қағаз бюллетеньдер ({ $found }).
relation-cast-issued = Салынған электрондық бюллетеньдер ({ $cast }) > берілген карталар ({ $issued }).
relation-electronic-votes = Электрондық дауыстар ({ $votes }) + бос ({ $blank }) ≠ салынған электрондық бюллетеньдер ({ $cast }).
relation-issued-list = Берілген бюллетеньдер мен карталар ({ $issued }) > тізімдегі сайлаушылар ({ $registered }).

## Жабу

close-seal = Учаскені мөрлеу
close-seal-intro = Сағат 20:00-де тіркеу бюллетень беруді, ал жәшік қабылдауды тоқтатады: учаскенің шифрланған қорытындылары түпкілікті болады.
close-terminals = Терминалдардың мәлімдемелері
close-terminals-status = Қанша бюллетень шифрлағанын мәлімдеген терминалдар: { $total } терминалдың { $declared }.
close-terminals-collect = Терминалдардың мәлімдемелерін жинау
close-count = Қағаз бюллетеньдерді санау
close-count-status = { $total } дауыс берудің { $agreed } бойынша қорытынды қабылданды.
close-guardians = Кілт сақтаушылар
close-guardians-after-seal = Учаске мөрленгенде, оның шифрланған қорытындылары кілт сақтаушыларға жіберіледі; олар оларды өз кілттерімен шешеді, ал кілттер мұнда келмейді.
close-guardians-status = { $total } кілт сақтаушының { $have } жауап берді; { $quorum } қажет.
guardian-answered = жауап берді, барлық дәлел тексерілді
guardian-awaited = күтілуде
close-request-download = Кілт сақтаушыларға шифрды шешу сұрауын жүктеп алу
close-partial-label = Кілт сақтаушының ішінара шешуі (JSON)
close-partial-add = Қосу
partial-refused = Ішінара шешу қабылданбады: { $why }
close-sign = Хаттамаға қол қою
close-sign-intro = Кілт сақтаушылардың үлестері электрондық қорытындыларға біріктіріледі, қағаз бюллетеньдерді санау қосылады, бақылау арақатынастары тексеріледі, және учаске кілті хаттамаға қол қояды.
close-signed = Хаттамаға қол қойылды.
close-sign-first = Алдымен хаттамаға қол қойыңыз.
close-send = ОСК-ге жіберу
close-sent = Хаттама мен учаске жазбасын ОСК қабылдады.
close-not-sent = ОСК сервисі бәрін қабылдаған жоқ: оның жауаптарын қараңыз.

## Дауыс беру терминалы

terminal-welcome = Қош келдіңіз
insert-card-intro = Тіркеу кезінде берілген картаны салыңыз.
card-number = Карта нөмірі
card-number-hint = Картада басылған (төрт цифрға дейін).
insert-card = Картаны салу
screen-of = { $total } дауыс берудің { $n }-і
choose-one = Бір нұсқаны таңдаңыз немесе белгісіз қалдырыңыз.
leave-blank = Белгісіз қалдыру (бұл дауыс беруде бюллетень жарамсыз болады)
back = Артқа
next = Әрі қарай
review-title = Таңдауыңызды тексеріңіз
review-intro = Бұл сіздің таңдауыңыз. Кез келгенін өзгертіңіз немесе растаңыз.
not-chosen = әлі таңдалмаған
change = Өзгерту
confirm-choices = Таңдауымды растау
code-shown-intro = Бюллетеніңіз шифрланды. Оның растау коды:
code-write-down = Оны жазып алыңыз: сайлаудан кейін осы код арқылы бюллетеніңізді хабарландыру тақтасынан көре аласыз.
cast-ballot = Бюллетенімді салу
challenge-ballot = Оның орнына терминалды тексеру
challenge-explained = Тексеру бұл бюллетеньді ашып, ішінде не бар екенін көрсетеді; содан кейін ол жарияланады және есепке алынбайды, ал сіз қайта дауыс бересіз.
challenge-title = Терминал тексерілді
challenge-opened = Бұл бюллетень ашылды. Оның коды:
challenge-contents = Шифрланған бюллетеньде не болды
challenge-compare = Егер бұл сіздің таңдауыңыз болса, терминал дұрыс жұмыс істейді. Бұл бюллетень дауланған ретінде жарияланады және есепке алынбайды. Енді қайта дауыс беріңіз.
vote-again = Қайта дауыс беру
ballot-on-card = Бюллетеніңіз картада.
take-card-to-box = Картаны тіркеу үстеліндегі жәшікке апарыңыз.
your-code = Растау кодыңыз
code-later = Осы код арқылы қорытындылар сайтынан бюллетеніңіздің есепке алынғанын тексере аласыз.

## ОСК сервисіндегі комиссиялар пульті

commissions-title = Комиссияларға
account-name = Есептік жазба
account-password = Құпиясөз
wrong-name-or-password = Есептік жазба немесе құпиясөз қате.
console-not-for-role = { $name } есептік жазбасының рөлі — { $role }: бұл пульт аумақтық комиссиялар мен ОСК үшін.
signed-in-as = Сіз { $name } ретінде кірдіңіз ({ $role }).
inbox-of = Кіріс: { $unit }
needs-attention = Назар аударуды қажет етеді ({ $n })
nothing-needs-attention = Назар аударатын ештеңе жоқ: белгі де, кешіккен хаттама да жоқ.
late-units = Хаттамасы кешіккен немесе мерзімі өткен бірліктер:
inbox-title = Хаттамалар: { NUM($total) } ішінен { NUM($reported) } алынды
inbox-caption = Осы комиссияның барлық учаскелері, алдымен назар аударуды қажет ететіндері
due-on-time = мерзімінде алынды
due-late = кешігіп алынды
due-overdue = МЕРЗІМІ ӨТТІ
sign-summary = Осы деңгейге қол қою
sign-summary-intro = Барлық учаске хаттама жібергенде, сервис қайта есептеген жиынтық хаттаманы жүктеп алып, өзіңіздікімен салыстырып, комиссия кілтімен қол қойып, жүктеңіз: ол тек осы сомаға дәл тең болса ғана қабылданады.
summary-file = Қол қойылған жиынтық хаттама (JSON)
summary-upload = Жүктеу
summary-accepted = Қол қойылған жиынтық хаттама қабылданды.
summary-refused = Қол қойылған жиынтық хаттама қабылданбады: { $why }
summary-too-large = Файл кез келген жиынтық хаттамадан үлкен.

regions-count = «Иә» көпшілігі { $total } өңірдің { $yes }-інде; кемінде { $need } (үштен екісі) қажет.
regions-met = Өңірлер туралы шарт орындалды.
regions-not-met = Өңірлер туралы шарт орындалмады: Конституцияға өзгеріс қабылданбады.
regions-caption = «Иә» көпшілігі бар өңірлер мен қалалар
col-yes-majority = «Иә» көпшілігі
region-yes = иә
region-no = жоқ
certificates-title = Сырттай дауыс беру куәліктері
certificate-contests = Куәлік берілген дауыс берулер
honour-title = Сайлаушы сырттай дауыс беру куәлігін көрсетеді
certificate-number = Куәліктің нөмірі
certificate-number-hint = Куәліктің нөмірі әріптерден, сандардан және сызықшалардан тұрады, онда басылғандай.
certificate-home = Куәлікті берген учаске
certificate-refused = ОСК тізілімі бұл куәлікті қабылдамайды: { $why }
honoured = { $number } куәлігі қабылданды: { $contests } дауыс беру бойынша бюллетеньдер берілді.
certificate-registered = ОСК-де тіркелді.
certificate-offline = ОСК-мен байланыс жоқ: куәлік қағаз бойынша қабылданды. Байланыс қалпына келгенде және жабылу кезінде учаске оны байланыссыз пайдаланылған деп хабарлайды; ОСК оны сонда тексереді.
issue-certificate = Куәлік беру
issue-certificate-intro = Осы учаске тізіміндегі, басқа жерде дауыс беретін сайлаушыға: дауыс беру күнінің алдындағы күні сағат 18:00-ге дейін. Белгіленген дауыс берулер бойынша ол мұнда енді дауыс бермейді.
certificate-act = Не істелді
certificate-answer = ОСК жауабы
certificate-issued = осында берілді
certificate-used = осында қабылданды
certificate-unanswered = әлі жауап жоқ
certificates-send = ОСК-ге қазір жіберу
certificate-made = { $number } куәлігі { $contests } дауыс беру бойынша берілді.
certificate-not-registered = ОСК-мен байланыс жоқ: куәлік байланыс қалпына келген бойда тіркеледі.
certificates-all-answered = ОСК куәліктер туралы барлық хабарламаға жауап берді.
certificates-left = ОСК жауабын күтіп тұрған куәлік хабарламалары: { $n }.
register-title = Сырттай дауыс беру куәліктерінің тізілімі
register-figures = Берілді: { $issued }. Пайдаланылды: { $used }, оның ішінде учаскенің ОСК-мен байланысы жоқта: { $offline }, берген учаске тіркемегені: { $unregistered }. Бірнеше учаскеде пайдаланылғаны: { $twice }. Әрбір осындай пайдалану өз учаскесінде жоғарыда белгіленген.

## The registries (/register)

registries-title = Кандидаттар, қаражат және байқаушылар
registries-none = Тізілімдерде сайлау әлі тағайындалмаған.
registries-calendar = Күнтізбе
registries-term = Мерзім
registries-opens = Басталуы
registries-closes = Аяқталуы
registries-unconfirmed = (заң мәтінімен расталмаған оқылым)
term-nomination = Кандидаттарды ұсыну
term-registration = Кандидаттарды тіркеу
term-withdrawal = Кандидатураны алып тастау
term-campaign = Сайлауалды үгіт
term-silence = Тыныштық күні
term-absentee-requests = Сырттай дауыс беру куәліктері
term-foreign-observers = Шетелдік байқаушыларды аккредиттеу
term-territorial-results = Мәслихат сайлауының қорытындылары
term-final-results = Түпкілікті қорытындылар
term-naming-deputies = Партиялар депутаттарын атайды
registries-candidates = Кандидаттар
registries-kind = Кандидатура
registries-lists = Партиялық тізімдер
registries-single = Бір мандатты
registries-nominated = Ұсынылды
registries-registered = Тіркелді
registries-self = Өзін-өзі ұсынғандар
registries-women = Әйелдер
registries-refused = Бас тартылды
registries-withdrawn = Кандидатурасын алды
registries-cancelled = Тіркеуі жойылды
registries-refusals = Бас тарту себептері
registries-reason = Себеп
registries-number = Саны
reason-age = Заң белгілеген жасқа толмаған
reason-residence = Тұру мерзімі жеткіліксіз
reason-two-lists = Екі тізімде
reason-two-districts = Екі округте
reason-list-and-district = Тізімде де, округте де
reason-quota = Тізім 30% квотаны сақтамайды
reason-deposit = Сайлау жарнасы төленбеген
reason-documents = Құжаттар толық емес
registries-money = Қаражат, теңгемен
registries-deposits = Түскен сайлау жарналары
registries-refunded = Қайтарылған жарналар
registries-kept = Мемлекетке қалған жарналар
registries-funding = Үгітке бюджеттен төленді
registries-observers = Байқаушылар
registries-foreign = Шетелдік байқаушылар: { $countries } елден { $observers }, шетелдік журналистер: { $journalists }; барлығы аккредиттелген: { $accredited }.
registries-missions = Халықаралық миссиялар
registries-mission = Миссия
registries-head = Миссия басшысы
registries-ledger = Журнал
registries-entries = Әрбір әрекет { $entries } жазбадан тұратын ашық журналға жазылған, әр жазба алдыңғысымен байланысты; тізім бойынша депутаттарға берілген мандаттар: { $seats }.
registries-download = Журналды жүктеу
registries-head-hash = Соңғы жазбаның хеші:
registries-seated = Кім отырады
registries-district-seat = (бір мандатты округ)

## Қағаз санаудың аудиті (/paper-audit)
paper-audit-title = Қағаз санаудың аудиті
paper-audit-link = Қағаз санаудың аудиті: ашық тұқым бойынша таңдалған учаскелер және олардың бюллетеньдерін ашық қайта санау
paper-audit-none = Қағаз санаудың аудиті әлі жарияланған жоқ.
paper-audit-about = Учаскелер ашық тұқым бойынша таңдалады, мүмкіндігі олардың бюллетеньдері нәтижені қаншалықты өзгерте алатынына пропорционал. Олардың бюллетеньдері ашық қайта саналып, қол қойылған хаттамамен салыстырылады. Тәуекел — қате нәтиженің осы уақытқа дейін аудиттен өтуінің ең үлкен ықтималдығы.
paper-audit-seed = Тұқым
paper-audit-risk-limit = Тәуекел шегі
paper-audit-counted = Қолмен қайта саналған учаскелер
paper-audit-outcome = Бекітілген нәтиже
paper-audit-expected = Күтілетін іріктеме
paper-audit-draws-precincts = { NUM($draws) } таңдау, { NUM($precincts) } учаске
paper-audit-full = толық қолмен қайта санау
paper-audit-measured = { NUM($draws) } таңдаудан кейін
paper-audit-next = Келесі кезекте санау керек:
paper-audit-first = Алдымен санау керек:
paper-audit-assertions = Нәтиже неге сүйенеді, және оның тәуекелі
paper-audit-assertion = Тұжырым
paper-audit-margin = Қор
paper-audit-risk = Тәуекел
paper-audit-compared = Қолмен санау мен хаттамалар (бюллетень ретімен нұсқалар бойынша дауыстар, содан кейін жарамсыздар)
paper-audit-precinct = Учаске
paper-audit-protocol = Хаттама
paper-audit-hand = Қолмен санау
paper-audit-differs = Сәйкес емес
paper-audit-yes = иә
paper-audit-no = жоқ
paper-audit-unaudited = Аудитсіз
paper-audit-status-confirmed = Тәуекел шегінде расталды.
paper-audit-status-count-more = Әлі расталған жоқ: тағы учаскелерді санау керек.
paper-audit-status-full-count = Толық қолмен қайта санау қажет.
paper-audit-status-confirmed-by-full-count = Толық қолмен қайта санау арқылы расталды.
paper-audit-status-overturned = Толық қолмен қайта санау арқылы теріске шығарылды.
