# Страницы Sailau на русском языке. Формулировки — Sailau; их следует сверить с
# официальными формами ЦИК.

## Рамка каждой страницы

site-title = Итоги выборов
skip-to-content = Перейти к содержанию
nav-main = Главное меню
nav-results = Итоги
nav-verify = Проверка
nav-register = Реестры
nav-console = Комиссиям
nav-language = Язык
text-size = Размер текста
high-contrast = Высокий контраст
footer-open = Всё на этих страницах взято из открытого протокола выборов, который любой может скачать и проверить.
download-record = Скачать протокол выборов (запись)
breadcrumbs = Где вы находитесь
nation = Казахстан
date-long = { $day } { $month ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
} { $year } г.

## Ошибки

error-not-found = Не найдено
error-bad-request = Запрос не может быть выполнен
error-forbidden = Нет доступа
error-conflict = Конфликт
error-internal = Что-то пошло не так
error-internal-detail = Сервис не смог ответить. Ничего не изменено; попробуйте ещё раз.
back-to-results = Вернуться к итогам
no-election-yet = На этом сервисе ещё не определены выборы.
no-such-unit = В этих выборах нет единицы «{ $unit }».
no-such-precinct = В этих выборах нет участка «{ $precinct }».

## Общенациональная страница

national-title = Итоги
status-final = Окончательные итоги.
status-signed = Центральная избирательная комиссия ({ $by }) подписала общенациональный протокол { $at }.
status-none = Ни один участок ещё не прислал протокол.
status-complete = Протоколы прислали все участки.
status-awaiting-cec = Итоги станут окончательными, когда Центральная избирательная комиссия подпишет общенациональный протокол.
status-preliminary = Предварительные итоги.
status-reported = Протоколы прислали { NUM($reported) } из { NUM($total) } { $total ->
    [one] участка
   *[other] участков
}.
status-progress = Участки, приславшие протоколы
refused-title = Голосования, по которым закон не позволил принять решение

turnout-title = Явка
turnout-none = Данные о явке ещё не опубликованы: каждый час публикуется, когда он наступил на всех участках.
turnout-at = Явка на { $hour }: { $percent }
turnout-of = Бюллетени получили { NUM($voted) } из { NUM($registered) } избирателей; данные прислали { NUM($reporting) } из { NUM($precincts) } участков.
turnout-by-hour = Явка в течение дня
turnout-by-region = Явка по регионам
col-hour = Время
col-voted = Проголосовали
col-registered = В списках
col-region = Регион

body-presidential = Президент
body-mazhilis = Мажилис
body-kurultai = Курултай
body-senate = Сенат
body-maslikhat = Маслихаты
body-rural-akim = Акимы сёл
body-referendum = Референдум

col-option = Вариант
col-votes = Голоса
col-share = Доля
col-chart = Доля в виде полосы
col-threshold = Барьер
col-seats = Мандаты
passed = преодолела
not-passed = не преодолела
line-threshold = Линия — барьер { $percent }, который список должен преодолеть, чтобы участвовать в распределении мандатов.
line-majority = Линия — половина голосов: для победы в первом туре кандидату нужно больше { $percent }.
line-adoption = Линия — { $percent }: чтобы вопрос был принят, нужно больше.
outcome-allocated = { $seats } { $seats ->
    [one] мандат распределён
    [few] мандата распределены
   *[other] мандатов распределены
} между { $lists } { $lists ->
    [one] списком, преодолевшим
   *[other] списками, преодолевшими
} барьер.
outcome-elected = Избран(а) { $name }: { $share } голосов.
outcome-runoff = Ни один кандидат не получил больше половины голосов: во второй тур выходят { $first } и { $second }.
outcome-repeat = По правилам никто не может быть избран: будет проведено повторное голосование.
outcome-adopted = Вопрос принят.
outcome-rejected = Вопрос не принят.
outcome-invalid = Голосование недействительно: участвовало слишком мало избирателей.

chamber-title = Состав палаты
chamber-seated = Палата в составе
chamber-seated-intro = Депутаты, которых партии назвали на свои мандаты по спискам, и победители в округах, как их записывает реестр (реестр — на странице «Реестры»).
chamber-total = { $seats } { $seats ->
    [one] мандат
    [few] мандата
   *[other] мандатов
} палаты по партиям.
col-party = Партия
col-list-seats = По спискам
col-district-seats = По округам
seat-undecided = Ещё не определено
self-nominated = Самовыдвиженец
district-winners = Одномандатные округа
col-district = Округ
col-winner = Победитель
councils-title = Маслихаты
col-council = Маслихат
col-districts-decided = Округов с итогом
votes-here = голоса в этой единице

next-title = Что дальше
next-preliminary = Итоги предварительные, пока протоколы не пришлют все участки и их не подпишет Центральная избирательная комиссия. Закон устанавливает окончательные итоги в течение десяти дней: до { $due }.
next-awaiting-cec = Протоколы прислали все участки; Центральная избирательная комиссия подписывает общенациональный протокол до { $due }.
next-final = Итоги окончательные: Центральная избирательная комиссия подписала общенациональный протокол.
next-runoff = Второй тур проводится в течение двух месяцев.
next-repeat = в этом округе будут назначены повторные выборы.
next-lists = Каждая партия, получившая мандаты, в течение десяти дней называет депутатов из своего списка.

## Единицы и участки

unit-signed = Территориальная комиссия ({ $by }) подписала эту сумму { $at }.
summary-json = Сводный протокол этой единицы (JSON)
unit-results = Итоги в этой единице
subunits = Районы
col-unit = Единица
col-reported = Прислали
precincts = Участки
col-precinct = Участок
col-protocol = Протокол
precinct-number = Участок № { $number }
protocol-received = получен
protocol-awaited = ожидается
protocol-accepted = Протокол принят { $at }.
signed-by-station = Подписан ключом участка
seal-closed = Электронный ящик закрыт
seal-entries = Записей в журнале электронного ящика
seal-head = Последний хэш журнала
seal-tally = SHA-256 его tally.json
record-status = Запись участка
protocol-json = Подписанный протокол (JSON)
print = Печать
record-none = ещё не опубликована
record-pending = опубликована, проверяется
record-passed = проверена: все проверки пройдены
record-failed = проверка НЕ ПРОЙДЕНА
protocol-counts = Бюллетени и избиратели
protocol-votes = Голоса
relations-hold = Все контрольные соотношения выполнены.

## Проверка

verify-title = Проверьте выборы
check-my-ballot = Проверить мой бюллетень
check-my-ballot-intro = Когда вы голосовали, терминал показал код подтверждения. Введите его, чтобы увидеть свой зашифрованный бюллетень на открытой доске объявлений. Код показывает, что ваш бюллетень учтён; он не показывает, как вы проголосовали.
code-label = Код подтверждения
code-hint = 16 букв и цифр, например 7K2M-9QXD-4H8B-ZT3W. Дефисы и регистр не важны.
code-check = Проверить
code-malformed = Это не код подтверждения: код состоит из 16 букв и цифр.
code-not-found = Бюллетеня с таким кодом на доске пока нет.
code-not-found-why = Участок публикует бюллетени после закрытия, когда загружена его запись: пока опубликовали { NUM($reported) } из { NUM($total) } участков. Если ваш участок опубликовал запись, а кода нет, сообщите наблюдателю или комиссии и сохраните код.
code-found = Ваш бюллетень на доске объявлений.
code-precinct = Участок
code-state = Состояние
code-cast = опущен: учтён
code-challenged = оспорен: вскрыт для проверки терминала и не учитывается
code-position = Место на доске
code-full = Полный код
code-chain = Цепочка доски после него
record-title = Запись выборов
record-failures = Участки, запись которых не прошла проверку
board-length = Бюллетеней на доске
board-head = Вершина цепочки доски
definition-digest = Определение выборов (SHA-256)
how-to-verify = Проверьте сами
how-to-verify-intro = Любой может скачать всю запись и проверить доказательства каждого бюллетеня, подписанный протокол каждого участка, каждую сумму и каждое решение, не доверяя этому сервису. С установленным Sailau это делает одна команда:
how-to-verify-manual = Или скачайте запись и проверьте её:
flags-title = Отметки о нарушениях
flags-none = Отметок нет.
col-flag = Отметка
col-detail = Подробности

## Пульт участковой комиссии

go-back = Вернуться
console-title = Участковая комиссия
training-clock = Учебные часы:
station-password = Пароль участка
sign-in = Войти
sign-out = Выйти
wrong-password = Неверный пароль.
console-menu = Пульт
console-overview = Обзор
desk-title = Регистрация избирателей
box-title = Электронный ящик
mobile-title = Переносной ящик
count-title = Подсчёт бумажных бюллетеней
close-title = Закрытие
polls-title = Голосование
polls-not-opened = Голосование ещё не открыто.
polls-opened = Голосование открыто { $at }.
polls-sealed = Участок опечатан { $at }: бюллетени больше не выдаются, ящик больше не принимает.
open-intro = Покажите наблюдателям, что ящики пусты, пересчитайте полученные бумажные бюллетени по каждому голосованию и откройте голосование.
paper-received-for = Получено бумажных бюллетеней: { $contest }
open-polls = Открыть голосование
not-a-count = «{ $value }» — не целое число.
day-title = День на данный момент
on-list = Избирателей в списке
issued-paper = Выдано бумажных бюллетеней в помещении
issued-mobile = Выдано бумажных бюллетеней для переносного ящика
issued-card = Выдано карт
box-entries = Бюллетеней в электронном ящике (опущенных и оспоренных)
mobile-requests = Заявлений на переносной ящик
turnout-sent = Отправлено в ЦИК
turnout-accepted = принято
turnout-not-accepted = не принято: { $answer }
send-turnout-now = Отправить явку, срок которой наступил
no-central = Этот участок не подключён к сервису ЦИК.
terminals-title = Терминалы для голосования
terminal-reset = Завершить сеанс
no-such-terminal = На этом участке нет терминала «{ $device }».
how-paper = на бумаге
how-mobile = для переносного ящика
how-card = на карте
find-voter = Найти избирателя по ИИН
iin-hint = 12 цифр удостоверения личности.
find = Найти
not-on-list = Этого избирателя нет в списке участка.
already-issued = Этот избиратель уже получил бюллетени ({ $how }).
has-certificate = Этот избиратель получил открепительное удостоверение { $number }: по { $contests } голосованиям он голосует в другом месте.
issue-paper = Выдать бумажные бюллетени
issue-card = Выдать карту
issue-mobile = Выдать бюллетени для переносного ящика
request-mobile = Зарегистрировать письменное заявление на переносной ящик
card-written = Карта { $card } записана.
card-written-next = Передайте карту избирателю: терминал прочитает её, а ящик заберёт.
ballots-issued = Выданы бюллетени по { $contests } голосованиям ({ $how }).
next-voter = Следующий избиратель
mobile-intro = Письменные заявления на голосование вне помещения: этот список берут два члена комиссии с переносным ящиком.
mobile-none = Заявлений на переносной ящик нет.
observers-title = Наблюдатели
observers-intro = Аккредитованные для наблюдения на этом участке, по реестру. Отмечайте прибытие каждого: каждый присутствующий наблюдатель получает подписанную копию протокола при закрытии.
observers-none = На этом участке никто не аккредитован (участок запущен без реестра, или реестр никого здесь не аккредитует).
observers-number = Аккредитация
observers-for = Наблюдает от
observers-present = Присутствует
observers-since = присутствует с
observers-arrived = Прибыл
observers-not-accredited = не аккредитован для наблюдения на этом участке
observers-kind-party = партия
observers-kind-ngo = неправительственная организация
observers-kind-proxy = доверенное лицо кандидата
observers-kind-media = СМИ
observers-kind-international = международная миссия
observers-copy = При закрытии выдайте каждому присутствующему наблюдателю подписанный протокол (protocol.json или его печатную копию). Он проверяет его без сети, по определению выборов и ключам участков, которые публикует ЦИК:
col-name = Имя
col-issued = Бюллетени выданы
yes = да
no = нет
box-intro = Вставьте карту избирателя в ящик: он проверит все подписи и доказательства, запишет бюллетень и сотрёт карту.
box-insert = Вставить карту
card-number-bad = Номер карты — до четырёх цифр.
no-such-card = Карты { $card } нет.
card-in-reader = Вставьте карту в считыватель и нажмите кнопку.
card-written-reader = Карта в считывателе стола регистрации записана.
card-not-blank = Карта в считывателе стола регистрации не пуста: на ней токен или бюллетень. Сначала вставьте её в ящик или возьмите чистую карту.
reader-trouble = Считыватель карт: { $why }
no-reader = У терминала { $device } нет считывателя карт.
box-accepted = Бюллетень в ящике.
box-challenged = На карте были и оспоренные бюллетени ({ $n }): они публикуются и не учитываются.
box-not-wiped = Карту не удалось стереть; вставьте её ещё раз позже: ящик её узнает.

## Подсчёт бумажных бюллетеней

count-intro = Два члена комиссии вводят итоги каждого голосования независимо. Итог принимается, когда две записи совпадают во всех числах; пока вы вводите, контрольные соотношения проверяются по данным регистрации.
count-member = Имя члена комиссии
count-ballots = Бюллетени
count-votes = Голоса
count-spoiled = Испорчено
count-unused = Не использовано
count-found-station = Обнаружено в стационарных ящиках
count-found-mobile = Обнаружено в переносном ящике
count-invalid = Недействительных
count-enter = Ввести этот подсчёт
count-waiting = Записей: { $entries } из 2 нужных.
count-agreed = Две записи совпали: итог принят.
count-differ = Записи расходятся; пересчитайте:
count-relations-hold = Контрольные соотношения пока выполнены.
count-refused = Этот подсчёт не сходится и не введён:
relation-paper-accounted = Получено бумажных бюллетеней ({ $received }) ≠ выдано в помещении ({ $station }) + для переносного ящика ({ $mobile }) + испорчено ({ $spoiled }) + не использовано ({ $unused }).
relation-found-station = Обнаружено в стационарных ящиках ({ $found }) > выдано в помещении ({ $issued }).
relation-found-mobile = Обнаружено в переносном ящике ({ $found }) > выдано для него ({ $issued }).
relation-paper-votes = Голоса на бумаге ({ $votes }) + недействительные ({ $invalid }) ≠ обнаружено бумажных бюллетеней ({ $found }).
relation-cast-issued = Опущено электронных бюллетеней ({ $cast }) > выдано карт ({ $issued }).
relation-electronic-votes = Электронные голоса ({ $votes }) + пустые ({ $blank }) ≠ опущено электронных бюллетеней ({ $cast }).
relation-issued-list = Выдано бюллетеней и карт ({ $issued }) > избирателей в списке ({ $registered }).

## Закрытие

close-seal = Опечатать участок
close-seal-intro = В 20:00 регистрация прекращает выдачу, а ящик — приём бюллетеней: зашифрованные итоги участка становятся окончательными.
close-terminals = Заявления терминалов
close-terminals-status = Терминалов, заявивших, сколько бюллетеней они зашифровали: { $declared } из { $total }.
close-terminals-collect = Собрать заявления терминалов
close-count = Подсчёт бумажных бюллетеней
close-count-status = Итоги приняты по { $agreed } из { $total } голосований.
close-guardians = Хранители ключа
close-guardians-after-seal = Когда участок опечатан, его зашифрованные итоги уходят хранителям ключа; они расшифровывают их своими ключами, которые сюда не попадают.
close-guardians-status = Ответили { $have } из { $total } хранителей; нужно { $quorum }.
guardian-answered = ответил, все доказательства проверены
guardian-awaited = ожидается
close-request-download = Скачать запрос на расшифровку для хранителей
close-partial-label = Частичная расшифровка хранителя (JSON)
close-partial-add = Добавить
partial-refused = Частичная расшифровка отклонена: { $why }
close-sign = Подписать протокол
close-sign-intro = Доли хранителей объединяются в электронные итоги, добавляется подсчёт бумажных бюллетеней, проверяются контрольные соотношения, и ключ участка подписывает протокол.
close-signed = Протокол подписан.
close-sign-first = Сначала подпишите протокол.
close-send = Отправить в ЦИК
close-sent = Протокол и запись участка приняты ЦИК.
close-not-sent = Сервис ЦИК принял не всё: смотрите его ответы.

## Терминал для голосования

terminal-welcome = Добро пожаловать
insert-card-intro = Вставьте карту, которую вам выдали при регистрации.
card-number = Номер карты
card-number-hint = Напечатан на карте (до четырёх цифр).
insert-card = Вставить карту
screen-of = Голосование { $n } из { $total }
choose-one = Выберите один вариант или оставьте голосование без отметки.
leave-blank = Оставить без отметки (бюллетень в этом голосовании будет недействительным)
back = Назад
next = Далее
review-title = Проверьте свой выбор
review-intro = Это ваш выбор. Измените любой пункт или подтвердите.
not-chosen = ещё не выбрано
change = Изменить
confirm-choices = Подтвердить выбор
code-shown-intro = Ваш бюллетень зашифрован. Его код подтверждения:
code-write-down = Запишите его: после выборов по нему можно увидеть свой бюллетень на доске объявлений.
cast-ballot = Опустить бюллетень
challenge-ballot = Вместо этого проверить терминал
challenge-explained = Проверка вскрывает этот бюллетень и показывает, что в нём; затем он публикуется и не учитывается, а вы голосуете снова.
challenge-title = Терминал проверен
challenge-opened = Этот бюллетень вскрыт. Его код:
challenge-contents = Что содержал зашифрованный бюллетень
challenge-compare = Если это ваш выбор, терминал работает правильно. Этот бюллетень публикуется как оспоренный и не учитывается. Теперь проголосуйте снова.
vote-again = Проголосовать снова
ballot-on-card = Ваш бюллетень на карте.
take-card-to-box = Отнесите карту к ящику у стола регистрации.
your-code = Ваш код подтверждения
code-later = По этому коду на сайте итогов можно проверить, что ваш бюллетень учтён.

## Пульт комиссий на сервисе ЦИК

commissions-title = Комиссиям
account-name = Учётная запись
account-password = Пароль
wrong-name-or-password = Неверная учётная запись или пароль.
console-not-for-role = Учётная запись { $name } — роль { $role }: этот пульт — для территориальных комиссий и ЦИК.
signed-in-as = Вы вошли как { $name } ({ $role }).
inbox-of = Входящие: { $unit }
needs-attention = Требует внимания ({ $n })
nothing-needs-attention = Ничего не требует внимания: нет отметок и опоздавших протоколов.
late-units = Единицы с опоздавшими или просроченными протоколами:
inbox-title = Протоколы: получено { NUM($reported) } из { NUM($total) }
inbox-caption = Все участки этой комиссии, сначала то, что требует внимания
due-on-time = получен в срок
due-late = получен с опозданием
due-overdue = ПРОСРОЧЕН
sign-summary = Подписать этот уровень
sign-summary-intro = Когда протоколы пришлют все участки, скачайте сводный протокол, пересчитанный сервисом, сверьте со своим, подпишите ключом комиссии и загрузите: он принимается, только если в точности равен этой сумме.
summary-file = Подписанный сводный протокол (JSON)
summary-upload = Загрузить
summary-accepted = Подписанный сводный протокол принят.
summary-refused = Подписанный сводный протокол отклонён: { $why }
summary-too-large = Файл больше любого сводного протокола.

regions-count = Большинство «да» в { $yes } из { $total } регионов; нужно не менее { $need } (двух третей).
regions-met = Условие о регионах выполнено.
regions-not-met = Условие о регионах не выполнено: изменение Конституции не принято.
regions-caption = Регионы и города, где большинство ответило «да»
col-yes-majority = Большинство «да»
region-yes = да
region-no = нет
certificates-title = Открепительные удостоверения
certificate-contests = Голосования, на которые выдано удостоверение
honour-title = Избиратель предъявляет открепительное удостоверение
certificate-number = Номер удостоверения
certificate-number-hint = Номер удостоверения состоит из букв, цифр и дефисов, как напечатано на нём.
certificate-home = Участок, выдавший удостоверение
certificate-refused = Реестр ЦИК не принимает это удостоверение: { $why }
honoured = Удостоверение { $number } принято: выданы бюллетени по { $contests } голосованиям.
certificate-registered = Зарегистрировано в ЦИК.
certificate-offline = Связи с ЦИК нет: удостоверение принято по бумаге. Участок сообщит о нём как об использованном без связи, когда связь вернётся, и при закрытии; ЦИК проверит его тогда.
issue-certificate = Выдать удостоверение
issue-certificate-intro = Избирателю из списка этого участка, который будет голосовать в другом месте: до 18:00 накануне дня голосования. По отмеченным голосованиям он здесь больше не голосует.
certificate-act = Что сделано
certificate-answer = Ответ ЦИК
certificate-issued = выдано здесь
certificate-used = принято здесь
certificate-unanswered = ответа ещё нет
certificates-send = Отправить в ЦИК сейчас
certificate-made = Удостоверение { $number } выдано по { $contests } голосованиям.
certificate-not-registered = Связи с ЦИК нет: удостоверение будет зарегистрировано, как только связь вернётся.
certificates-all-answered = ЦИК ответила на все сообщения об удостоверениях.
certificates-left = Ответа ЦИК ждут сообщений об удостоверениях: { $n }.
register-title = Реестр открепительных удостоверений
register-figures = Выдано: { $issued }. Использовано: { $used }, из них без связи участка с ЦИК: { $offline }, не зарегистрировано выдавшим участком: { $unregistered }. Использовано более чем на одном участке: { $twice }. Каждое такое использование отмечено у своего участка выше.

## The registries (/register)

registries-title = Кандидаты, деньги и наблюдатели
registries-none = В реестрах выборы ещё не назначены.
registries-calendar = Календарь
registries-term = Срок
registries-opens = Начало
registries-closes = Окончание
registries-unconfirmed = (прочтение не подтверждено текстом закона)
term-nomination = Выдвижение кандидатов
term-registration = Регистрация кандидатов
term-withdrawal = Снятие кандидатур
term-campaign = Предвыборная агитация
term-silence = День тишины
term-absentee-requests = Открепительные удостоверения
term-foreign-observers = Аккредитация иностранных наблюдателей
term-territorial-results = Итоги выборов в маслихаты
term-final-results = Окончательные итоги
term-naming-deputies = Партии называют своих депутатов
registries-candidates = Кандидаты
registries-kind = Кандидатура
registries-lists = Партийные списки
registries-single = Одномандатные
registries-nominated = Выдвинуто
registries-registered = Зарегистрировано
registries-self = Самовыдвиженцы
registries-women = Женщины
registries-refused = Отказано
registries-withdrawn = Сняли кандидатуру
registries-cancelled = Регистрация отменена
registries-refusals = Отказы по причинам
registries-reason = Причина
registries-number = Число
reason-age = Не достиг возраста, установленного законом
reason-residence = Недостаточный срок проживания
reason-two-lists = В двух списках
reason-two-districts = В двух округах
reason-list-and-district = В списке и в округе
reason-quota = Список не соблюдает квоту 30%
reason-deposit = Избирательный взнос не внесён
reason-documents = Документы неполны
registries-money = Деньги, в тенге
registries-deposits = Получено избирательных взносов
registries-refunded = Возвращено взносов
registries-kept = Взносы, оставшиеся государству
registries-funding = Выплачено на агитацию из бюджета
registries-observers = Наблюдатели
registries-foreign = Иностранных наблюдателей: { $observers } из { $countries } стран, иностранных журналистов: { $journalists }; всего аккредитовано: { $accredited }.
registries-missions = Международные миссии
registries-mission = Миссия
registries-head = Глава миссии
registries-ledger = Журнал
registries-entries = Каждое действие записано в открытый журнал из { $entries } записей, каждая связана с предыдущей; депутатам передано мандатов по спискам: { $seats }.
registries-download = Скачать журнал
registries-head-hash = Хеш последней записи:
registries-seated = Кто заседает
registries-district-seat = (одномандатный округ)

## Аудит бумажного подсчёта (/paper-audit)
paper-audit-title = Аудит бумажного подсчёта
paper-audit-link = Аудит бумажного подсчёта: участки, выбранные по публичному зерну, и повторный открытый пересчёт их бюллетеней
paper-audit-none = Аудит бумажного подсчёта ещё не опубликован.
paper-audit-about = Участки выбираются по публичному зерну с вероятностью, пропорциональной тому, насколько их бюллетени могут изменить итог. Их бюллетени пересчитываются открыто и сверяются с подписанным протоколом. Риск — наибольшая вероятность того, что неверный итог до сих пор прошёл бы аудит.
paper-audit-seed = Зерно
paper-audit-risk-limit = Предел риска
paper-audit-counted = Участков пересчитано вручную
paper-audit-outcome = Утверждённый итог
paper-audit-expected = Ожидаемая выборка
paper-audit-draws-precincts = { NUM($draws) } выборов, { NUM($precincts) } участков
paper-audit-full = полный ручной пересчёт
paper-audit-measured = после { NUM($draws) } выборов
paper-audit-next = Пересчитать следующими:
paper-audit-first = Пересчитать первыми:
paper-audit-assertions = На чём держится итог, и его риск
paper-audit-assertion = Утверждение
paper-audit-margin = Запас
paper-audit-risk = Риск
paper-audit-compared = Ручной пересчёт против протоколов (голоса по вариантам в порядке бюллетеня, затем недействительные)
paper-audit-precinct = Участок
paper-audit-protocol = Протокол
paper-audit-hand = Ручной пересчёт
paper-audit-differs = Расходится
paper-audit-yes = да
paper-audit-no = нет
paper-audit-unaudited = Без аудита
paper-audit-status-confirmed = Подтверждён в пределах риска.
paper-audit-status-count-more = Ещё не подтверждён: нужно пересчитать ещё участки.
paper-audit-status-full-count = Нужен полный ручной пересчёт.
paper-audit-status-confirmed-by-full-count = Подтверждён полным ручным пересчётом.
paper-audit-status-overturned = Опровергнут полным ручным пересчётом.
