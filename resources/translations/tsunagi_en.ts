<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../work/main/desktop/controllers/about_dialog.py" line="103" />
        <source>データの保存先: {0}</source>
        <translation>Data folder: {0}</translation>
    </message>
<message>
        <source>tsunagi について</source>
        <translation>About tsunagi</translation>
    </message>
    <message>
        <source>アイコン</source>
        <translation>Icon</translation>
    </message>
    <message>
        <source>バージョン</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>データの版を読み込んでいます…</source>
        <translation>Reading the data versions…</translation>
    </message>
    <message>
        <source>データの版</source>
        <translation>Data versions</translation>
    </message>
    <message>
        <source>データの保存先</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>同梱しているフォントとデータのライセンス(&amp;L)</source>
        <translation>&amp;Licences of the bundled fonts and data</translation>
    </message>
    <message>
        <source>ライセンスの一覧</source>
        <translation>Licences</translation>
    </message>
    <message>
        <source>ライセンスの全文</source>
        <translation>Full licence text</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>AboutView</name>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="22" />
        <location filename="../work/main/desktop/views/about_view.py" line="23" />
        <source>tsunagi について</source>
        <translation>About tsunagi</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="29" />
        <source>アイコン</source>
        <translation>Icon</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="38" />
        <source>バージョン</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="41" />
        <source>データの版を読み込んでいます…</source>
        <translation>Reading the data versions…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="44" />
        <source>データの版</source>
        <translation>Data versions</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="50" />
        <source>データの保存先</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="56" />
        <source>同梱しているフォントとデータのライセンス(&amp;L)</source>
        <translation>&amp;Licences of the bundled fonts and data</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="60" />
        <source>ライセンスの一覧</source>
        <translation>Licences</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="68" />
        <source>ライセンスの全文</source>
        <translation>Full licence text</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/about_view.py" line="76" />
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>DetailController</name>
    <message>
        <location filename="../work/main/desktop/controllers/detail_controller.py" line="85" />
        <source>この窓口は見つかりません（削除されたか、同期で外れました）。</source>
        <translation>This service cannot be found (deleted, or removed by a sync).</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/detail_controller.py" line="100" />
        <source>（電話番号の登録なし）</source>
        <translation>(no phone number on record)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/detail_controller.py" line="122" />
        <source>不明</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/detail_controller.py" line="144" />
        <source>窓口が見つからなくなったメモ（%1件）:</source>
        <translation>Notes whose service is gone (%1):</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/detail_controller.py" line="162" />
        <source>入力中…</source>
        <translation>Typing…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/detail_controller.py" line="183" />
        <source>保存しました（%1）</source>
        <translation>Saved (%1)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/detail_controller.py" line="188" />
        <source>保存できませんでした: %1</source>
        <translation>Could not save: %1</translation>
    </message>
</context>
<context>
    <name>DetailView</name>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="45" />
        <source>詳細</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="50" />
        <source>結果を選ぶと、ここに詳細が出ます。</source>
        <translation>Choose a result to see its details here.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="58" />
        <source>窓口名</source>
        <translation>Service name</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="60" />
        <source>運営</source>
        <translation>Run by</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="62" />
        <source>お知らせ</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="64" />
        <source>説明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="68" />
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="74" />
        <location filename="../work/main/desktop/views/detail_view.py" line="78" />
        <source>受付時間</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="81" />
        <source>曜日ごとの受付時間</source>
        <translation>Hours by weekday</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="82" />
        <source>曜日</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="82" />
        <source>時間</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="84" />
        <source>受付時間の列見出し</source>
        <translation>Hours column headers</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="94" />
        <source>対象</source>
        <translation>Audience</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="95" />
        <source>費用</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="96" />
        <source>利用方法</source>
        <translation>How to apply</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="97" />
        <source>言語</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="98" />
        <source>所在地</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="99" />
        <source>対象地域</source>
        <translation>Area served</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="100" />
        <source>分野</source>
        <translation>Worries</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="111" />
        <source>ウェブサイト</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="112" />
        <source>ブラウザで開く</source>
        <translation>Open in browser</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="113" />
        <source>ウェブサイトをブラウザで開く</source>
        <translation>Open the website in the browser</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="119" />
        <source>情報の出典</source>
        <translation>Source of the information</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="122" />
        <source>事務所メモ（自動保存）</source>
        <translation>Office note (saved automatically)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="126" />
        <source>事務所メモ</source>
        <translation>Office note</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="128" />
        <source>この窓口についての事務所内のメモ（相談者の情報は書かない）</source>
        <translation>The office's note on this service (never write client details)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="134" />
        <source>メモの保存状態</source>
        <translation>Note save status</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="138" />
        <source>窓口が見つからないメモ</source>
        <translation>Notes without a service</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/detail_view.py" line="184" />
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
</context>
<context>
    <name>LocalResourceDialog</name>
    <message>
        <location filename="../work/main/desktop/controllers/local_resource_dialog.py" line="53" />
        <source>地域資源を編集</source>
        <translation>Edit local resource</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/local_resource_dialog.py" line="53" />
        <source>地域資源を追加</source>
        <translation>Add local resource</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/local_resource_dialog.py" line="88" />
        <source>同じ名前の地域が複数あります: %1</source>
        <translation>Several places have this name: %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/local_resource_dialog.py" line="96" />
        <source>地域「%1」が見つかりません</source>
        <translation>No place called “%1”</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/local_resource_dialog.py" line="117" />
        <source>名称を入力してください</source>
        <translation>Enter a name</translation>
    </message>
    <message>
        <source>事務所の地域資源</source>
        <translation>Office's local resource</translation>
    </message>
    <message>
        <source>事務所の地域資源の登録</source>
        <translation>Register the office's local resource</translation>
    </message>
    <message>
        <source>%1の入力エラー</source>
        <translation>Problem with %1</translation>
    </message>
    <message>
        <source>名称(&amp;N) *</source>
        <translation>&amp;Name *</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>運営団体(&amp;O)</source>
        <translation>&amp;Organisation</translation>
    </message>
    <message>
        <source>運営団体</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>例: 0142-23-0000</source>
        <translation>e.g. 0142-23-0000</translation>
    </message>
    <message>
        <source>電話番号 %1</source>
        <translation>Phone number %1</translation>
    </message>
    <message>
        <source>説明（例: 夜間）</source>
        <translation>Description (e.g. nights)</translation>
    </message>
    <message>
        <source>電話番号 %1 の説明</source>
        <translation>Description of phone number %1</translation>
    </message>
    <message>
        <source>電話(&amp;T)</source>
        <translation>&amp;Telephone</translation>
    </message>
    <message>
        <source>月</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>火</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>水</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>木</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>金</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>土</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>%1曜日に受付</source>
        <translation>Open on %1</translation>
    </message>
    <message>
        <source>受付開始時刻</source>
        <translation>Opens at</translation>
    </message>
    <message>
        <source>受付終了時刻</source>
        <translation>Closes at</translation>
    </message>
    <message>
        <source>補足（例: 祝日休み）</source>
        <translation>Note (e.g. closed on holidays)</translation>
    </message>
    <message>
        <source>受付時間の補足</source>
        <translation>Note on the hours</translation>
    </message>
    <message>
        <source>受付時間(&amp;H)</source>
        <translation>&amp;Hours</translation>
    </message>
    <message>
        <source>市区町村名・かな・コード（例: 伊達市（北海道））</source>
        <translation>Municipality, kana or code (e.g. 伊達市（北海道）)</translation>
    </message>
    <message>
        <source>地域(&amp;R)</source>
        <translation>&amp;Region</translation>
    </message>
    <message>
        <source>対象地域</source>
        <translation>Area served</translation>
    </message>
    <message>
        <source>分野(&amp;W)</source>
        <translation>&amp;Worries</translation>
    </message>
    <message>
        <source>悩みの分野</source>
        <translation>Worry categories</translation>
    </message>
    <message>
        <source>URL(&amp;U)</source>
        <translation>&amp;URL</translation>
    </message>
    <message>
        <source>ウェブサイト</source>
        <translation>Website</translation>
    </message>
    <message>
        <source>メモ・説明(&amp;M)</source>
        <translation>Notes / description (&amp;M)</translation>
    </message>
    <message>
        <source>説明</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>分野: %1</source>
        <translation>Worry: %1</translation>
    </message>
</context>
<context>
    <name>LocalResourceView</name>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="40" />
        <source>事務所の地域資源</source>
        <translation>Office's local resource</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="41" />
        <source>事務所の地域資源の登録</source>
        <translation>Register the office's local resource</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="58" />
        <source>%1の入力エラー</source>
        <translation>Problem with %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="66" />
        <source>名称(&amp;N) *</source>
        <translation>&amp;Name *</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="66" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="68" />
        <source>運営団体(&amp;O)</source>
        <translation>&amp;Organisation</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="68" />
        <source>運営団体</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="77" />
        <source>例: 0142-23-0000</source>
        <translation>e.g. 0142-23-0000</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="78" />
        <source>電話番号 %1</source>
        <translation>Phone number %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="80" />
        <source>説明（例: 夜間）</source>
        <translation>Description (e.g. nights)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="81" />
        <source>電話番号 %1 の説明</source>
        <translation>Description of phone number %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="89" />
        <source>電話(&amp;T)</source>
        <translation>&amp;Telephone</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="101" />
        <source>月</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="102" />
        <source>火</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="103" />
        <source>水</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="104" />
        <source>木</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="105" />
        <source>金</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="106" />
        <source>土</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="107" />
        <source>日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="112" />
        <source>%1曜日に受付</source>
        <translation>Open on %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="120" />
        <source>受付開始時刻</source>
        <translation>Opens at</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="123" />
        <source>受付終了時刻</source>
        <translation>Closes at</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="130" />
        <source>補足（例: 祝日休み）</source>
        <translation>Note (e.g. closed on holidays)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="131" />
        <source>受付時間の補足</source>
        <translation>Note on the hours</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="136" />
        <source>受付時間(&amp;H)</source>
        <translation>&amp;Hours</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="141" />
        <source>市区町村名・かな・コード（例: 伊達市（北海道））</source>
        <translation>Municipality, kana or code (e.g. 伊達市（北海道）)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="142" />
        <source>地域(&amp;R)</source>
        <translation>&amp;Region</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="142" />
        <source>対象地域</source>
        <translation>Area served</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="149" />
        <source>分野(&amp;W)</source>
        <translation>&amp;Worries</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="149" />
        <source>悩みの分野</source>
        <translation>Worry categories</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="152" />
        <source>URL(&amp;U)</source>
        <translation>&amp;URL</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="152" />
        <source>ウェブサイト</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="156" />
        <source>メモ・説明(&amp;M)</source>
        <translation>Notes / description (&amp;M)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="156" />
        <source>説明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/local_resource_view.py" line="168" />
        <source>分野: %1</source>
        <translation>Worry: %1</translation>
    </message>
</context>
<context>
    <name>MainView</name>
    <message>
        <location filename="../work/main/desktop/views/main_view.py" line="34" />
        <source>データの鮮度の警告</source>
        <translation>Data freshness warning</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/main_view.py" line="47" />
        <source>検索の結果についてのお知らせ</source>
        <translation>Notice about the search results</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/main_view.py" line="52" />
        <source>検索結果</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/main_view.py" line="61" />
        <source>検索結果の列見出し</source>
        <translation>Result column headers</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="50" />
        <source>tsunagi — 相談窓口さがし</source>
        <translation>tsunagi — find a support service</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="88" />
        <source>%1 をコピーしました</source>
        <translation>Copied %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="118" />
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="119" />
        <source>設定(&amp;S)…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="120" />
        <source>終了(&amp;Q)</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="121" />
        <source>移動(&amp;G)</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="122" />
        <source>検索欄へ</source>
        <translation>To the search box</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="123" />
        <source>結果へ</source>
        <translation>To the results</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="124" />
        <source>詳細へ</source>
        <translation>To the details</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="125" />
        <source>紹介リストへ</source>
        <translation>To the referral list</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="126" />
        <source>紹介(&amp;R)</source>
        <translation>&amp;Referral</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="127" />
        <source>紹介リストに追加</source>
        <translation>Add to the referral list</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="128" />
        <source>紹介票を作る…</source>
        <translation>Make a referral slip…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="129" />
        <source>相談終了</source>
        <translation>End consultation</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="130" />
        <source>地域資源(&amp;L)</source>
        <translation>&amp;Local resources</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="131" />
        <location filename="../work/main/desktop/controllers/main_window.py" line="291" />
        <source>追加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="132" />
        <location filename="../work/main/desktop/controllers/main_window.py" line="292" />
        <source>選んだ資源を編集…</source>
        <translation>Edit the selected resource…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="133" />
        <location filename="../work/main/desktop/controllers/main_window.py" line="293" />
        <source>選んだ資源を削除</source>
        <translation>Delete the selected resource</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="134" />
        <source>表示(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="136" />
        <source>拡大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="142" />
        <source>縮小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="147" />
        <source>データ(&amp;D)</source>
        <translation>&amp;Data</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="148" />
        <location filename="../work/main/desktop/controllers/main_window.py" line="294" />
        <source>今すぐ同期</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="149" />
        <source>ヘルプ(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="150" />
        <source>tsunagi について(&amp;A)</source>
        <translation>&amp;About tsunagi</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="246" />
        <location filename="../work/main/desktop/controllers/main_window.py" line="269" />
        <source>事務所登録の資源を選んでください</source>
        <translation>Select one of the office's own resources</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="274" />
        <source>地域資源の削除</source>
        <translation>Delete local resource</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/main_window.py" line="275" />
        <source>「%1」を削除しますか？ メモは残ります。</source>
        <translation>Delete “%1”? Its note is kept.</translation>
    </message>
</context>
<context>
    <name>ReferralController</name>
    <message>
        <location filename="../work/main/desktop/controllers/referral_controller.py" line="81" />
        <source>紹介リスト（%1件） Ctrl+D で追加</source>
        <translation>Referral list (%1) — Ctrl+D adds</translation>
    </message>
</context>
<context>
    <name>ReferralView</name>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="19" />
        <source>紹介リスト (Ctrl+D で追加)</source>
        <translation>Referral list (Ctrl+D adds)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="22" />
        <source>紹介リスト</source>
        <translation>Referral list</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="27" />
        <source>↑ 上へ</source>
        <translation>↑ Up</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="28" />
        <source>選んだ窓口を上へ</source>
        <translation>Move the selected service up</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="29" />
        <source>↓ 下へ</source>
        <translation>↓ Down</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="30" />
        <source>選んだ窓口を下へ</source>
        <translation>Move the selected service down</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="31" />
        <source>削除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="32" />
        <source>選んだ窓口をリストから削除</source>
        <translation>Remove the selected service from the list</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="37" />
        <source>紹介票を作る… (Ctrl+P)</source>
        <translation>Make a slip… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="38" />
        <source>紹介票を作って保存または印刷</source>
        <translation>Make a referral slip to save or print</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="39" />
        <source>相談終了</source>
        <translation>End consultation</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/referral_view.py" line="40" />
        <source>相談終了: 紹介リストを空にする</source>
        <translation>End consultation: empty the referral list</translation>
    </message>
</context>
<context>
    <name>RegionController</name>
    <message>
        <location filename="../work/main/desktop/controllers/region_controller.py" line="52" />
        <source>（地域を指定しない）</source>
        <translation>(no region)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/region_controller.py" line="99" />
        <source>（都道府県全体）</source>
        <translation>(whole prefecture)</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="82" />
        <source>名称・運営</source>
        <translation>Name / organisation</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="83" />
        <location filename="../work/main/desktop/models/results_model.py" line="182" />
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="84" />
        <source>本日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="85" />
        <source>範囲</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="86" />
        <source>方法・特徴</source>
        <translation>Channels / features</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="87" />
        <source>情報確認日</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="99" />
        <source>Ctrl+C または Enter で番号をコピー</source>
        <translation>Ctrl+C or Enter copies the number</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="101" />
        <source>情報の最終確認日: %1</source>
        <translation>Last verified: %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="151" />
        <source>（事務所登録）</source>
        <translation> (office)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="154" />
        <source>（電話なし）</source>
        <translation>(no phone)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="168" />
        <source>● 受付中</source>
        <translation>● Open now</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="170" />
        <source>○ 時間外</source>
        <translation>○ Closed now</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="171" />
        <source>？ 時間不明</source>
        <translation>? Hours unknown</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="175" />
        <source>市内</source>
        <translation>City</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="176" />
        <source>県内</source>
        <translation>Prefecture</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="177" />
        <source>全国</source>
        <translation>National</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="183" />
        <source>SNS</source>
        <translation>SNS</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="184" />
        <source>メール</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="185" />
        <source>来所</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="191" />
        <source>24h</source>
        <translation>24h</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="193" />
        <source>無料</source>
        <translation>Free</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="195" />
        <source>匿名</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="197" />
        <source>多言語</source>
        <translation>Multilingual</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="199" />
        <source>デモ</source>
        <translation>Demo</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="204" />
        <location filename="../work/main/desktop/models/results_model.py" line="208" />
        <source>確認日不明</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/models/results_model.py" line="144" />
        <location filename="../work/main/desktop/models/results_model.py" line="212" />
        <source>%1
要再確認</source>
        <translation>%1
check again</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="82" />
        <source>検索の準備中です（索引を作成しています）…</source>
        <translation>Getting search ready (building the index)…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="102" />
        <location filename="../work/main/desktop/controllers/search_controller.py" line="111" />
        <location filename="../work/main/desktop/controllers/search_controller.py" line="114" />
        <source>すべて</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="104" />
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="105" />
        <source>SNS・チャット</source>
        <translation>SNS / chat</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="106" />
        <source>メール</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="107" />
        <source>来所</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="116" />
        <source>女性</source>
        <translation>Women</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="117" />
        <source>若者</source>
        <translation>Young people</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="118" />
        <source>高齢者</source>
        <translation>Older people</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="119" />
        <source>外国人住民</source>
        <translation>Foreign residents</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="213" />
        <source>検索できませんでした: %1</source>
        <translation>Search failed: %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="220" />
        <source>いのちに関わるサインがあります。危機対応の窓口を先頭に出しています。● 受付中 を確かめて伝えてください。</source>
        <translation>Signs of suicide risk. Crisis lines are listed first; check which are ● Open now.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="224" />
        <source>暴力の被害のサインがあります。専門の窓口を先頭に出しています。</source>
        <translation>Signs of violence. Specialist services are listed first.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="229" />
        <source>該当する窓口がありません。絞り込み（分野・受付中・無料など）を外してみてください。</source>
        <translation>Nothing matched. Try removing filters (worries, open now, free…).</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="234" />
        <source>該当する窓口がありません。地域を広げるか、言葉を変えてみてください。</source>
        <translation>Nothing matched. Try a wider region or other words.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/search_controller.py" line="237" />
        <source>該当する窓口がありません。別の言葉で探してみてください。</source>
        <translation>Nothing matched. Try other words.</translation>
    </message>
</context>
<context>
    <name>SearchView</name>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="27" />
        <source>検索(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="29" />
        <source>悩み・窓口名・電話番号など（例: 家賃、眠れない）</source>
        <translation>Worry, service name, phone… (e.g. 家賃, 眠れない)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="30" />
        <source>検索語</source>
        <translation>Search words</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="37" />
        <source>相談者の地域(&amp;R)</source>
        <translation>Client's &amp;region</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="39" />
        <source>地域名・かな</source>
        <translation>Place or kana</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="40" />
        <source>地域を名前やかなで入力</source>
        <translation>Type a place name or its kana</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="43" />
        <source>都道府県</source>
        <translation>Prefecture</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="45" />
        <source>市区町村</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="56" />
        <source>悩みの分野</source>
        <translation>Worry categories</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="62" />
        <source>いま受付中</source>
        <translation>Open now</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="63" />
        <source>無料</source>
        <translation>Free</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="64" />
        <source>匿名可</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="66" />
        <source>いま受付中の窓口だけ</source>
        <translation>Only services open now</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="67" />
        <source>無料の窓口だけ</source>
        <translation>Only free services</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="68" />
        <source>匿名で相談できる窓口だけ</source>
        <translation>Only services that allow anonymity</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="73" />
        <source>相談方法</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="75" />
        <location filename="../work/main/desktop/views/search_view.py" line="80" />
        <source>言語</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="77" />
        <location filename="../work/main/desktop/views/search_view.py" line="81" />
        <source>対象</source>
        <translation>Audience</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="79" />
        <source>方法</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="88" />
        <source>絞り込みを解除</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="89" />
        <source>絞り込みをすべて解除</source>
        <translation>Clear all filters</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/search_view.py" line="99" />
        <source>分野: %1</source>
        <translation>Worry: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../work/main/desktop/controllers/settings_dialog.py" line="72" />
        <source>（なし: 同梱データだけを使っています）</source>
        <translation>(none: using the bundled data only)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/settings_dialog.py" line="92" />
        <source>地域を一つに決められません。「伊達市（北海道）」のように入力してください。</source>
        <translation>The place is ambiguous. Type it like 伊達市（北海道）.</translation>
    </message>
    <message>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>事務所名(&amp;O)</source>
        <translation>&amp;Office name</translation>
    </message>
    <message>
        <source>事務所名</source>
        <translation>Office name</translation>
    </message>
    <message>
        <source>事務所の電話(&amp;P)</source>
        <translation>Office &amp;phone</translation>
    </message>
    <message>
        <source>事務所の電話番号</source>
        <translation>Office phone number</translation>
    </message>
    <message>
        <source>例: 伊達市（北海道）、012335</source>
        <translation>e.g. 伊達市（北海道）, 012335</translation>
    </message>
    <message>
        <source>既定の地域(&amp;R)</source>
        <translation>Default &amp;region</translation>
    </message>
    <message>
        <source>既定の地域</source>
        <translation>Default region</translation>
    </message>
    <message>
        <source>フィード</source>
        <translation>Feeds</translation>
    </message>
    <message>
        <source>登録されているフィード</source>
        <translation>Followed feeds</translation>
    </message>
    <message>
        <source> 時間ごと（0 = 手動）</source>
        <translation> hours (0 = manual)</translation>
    </message>
    <message>
        <source>同期の間隔(&amp;I)</source>
        <translation>Sync &amp;interval</translation>
    </message>
    <message>
        <source>同期の間隔（時間）</source>
        <translation>Sync interval (hours)</translation>
    </message>
    <message>
        <source> 日</source>
        <translation> days</translation>
    </message>
    <message>
        <source>古いデータの警告(&amp;W)</source>
        <translation>&amp;Warn about old data after</translation>
    </message>
    <message>
        <source>何日で古いデータと警告するか</source>
        <translation>Days before data counts as old</translation>
    </message>
    <message>
        <source>紹介票の形式(&amp;F)</source>
        <translation>Slip &amp;format</translation>
    </message>
    <message>
        <source>紹介票の既定の形式</source>
        <translation>Default slip format</translation>
    </message>
    <message>
        <source>紹介票のひとこと(&amp;M)</source>
        <translation>Slip &amp;message</translation>
    </message>
    <message>
        <source>紹介票の既定のひとこと</source>
        <translation>Default slip message</translation>
    </message>
    <message>
        <source>文字の大きさ(&amp;S)</source>
        <translation>Font &amp;size</translation>
    </message>
    <message>
        <source>文字の大きさ</source>
        <translation>Font size</translation>
    </message>
    <message>
        <source>表示言語(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>表示言語（再起動後に反映）</source>
        <translation>Display language (after a restart)</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="23" />
        <location filename="../work/main/desktop/views/settings_view.py" line="24" />
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="36" />
        <source>事務所名(&amp;O)</source>
        <translation>&amp;Office name</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="36" />
        <source>事務所名</source>
        <translation>Office name</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="38" />
        <source>事務所の電話(&amp;P)</source>
        <translation>Office &amp;phone</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="38" />
        <source>事務所の電話番号</source>
        <translation>Office phone number</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="40" />
        <source>例: 伊達市（北海道）、012335</source>
        <translation>e.g. 伊達市（北海道）, 012335</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="41" />
        <source>既定の地域(&amp;R)</source>
        <translation>Default &amp;region</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="41" />
        <source>既定の地域</source>
        <translation>Default region</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="50" />
        <source>フィード</source>
        <translation>Feeds</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="50" />
        <source>登録されているフィード</source>
        <translation>Followed feeds</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="53" />
        <source> 時間ごと（0 = 手動）</source>
        <translation> hours (0 = manual)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="54" />
        <source>同期の間隔(&amp;I)</source>
        <translation>Sync &amp;interval</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="54" />
        <source>同期の間隔（時間）</source>
        <translation>Sync interval (hours)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="57" />
        <source> 日</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="59" />
        <source>古いデータの警告(&amp;W)</source>
        <translation>&amp;Warn about old data after</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="61" />
        <source>何日で古いデータと警告するか</source>
        <translation>Days before data counts as old</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="64" />
        <source>紹介票の形式(&amp;F)</source>
        <translation>Slip &amp;format</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="64" />
        <source>紹介票の既定の形式</source>
        <translation>Default slip format</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="68" />
        <source>紹介票のひとこと(&amp;M)</source>
        <translation>Slip &amp;message</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="68" />
        <source>紹介票の既定のひとこと</source>
        <translation>Default slip message</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="72" />
        <source>文字の大きさ(&amp;S)</source>
        <translation>Font &amp;size</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="72" />
        <source>文字の大きさ</source>
        <translation>Font size</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="76" />
        <source>表示言語(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/settings_view.py" line="76" />
        <source>表示言語（再起動後に反映）</source>
        <translation>Display language (after a restart)</translation>
    </message>
</context>
<context>
    <name>SlipDialog</name>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="54" />
        <source>紹介票</source>
        <translation>Referral slip</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="55" />
        <source>紹介票の作成</source>
        <translation>Make a referral slip</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="63" />
        <source>載せる窓口:</source>
        <translation>Services on the slip:</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="68" />
        <source>用紙の形式</source>
        <translation>Paper format</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="70" />
        <source>A5 1枚</source>
        <translation>A5, one slip</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="71" />
        <source>A6 1枚</source>
        <translation>A6, one slip</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="72" />
        <source>A4に2枚（切り取り線つき）</source>
        <translation>Two on A4 (cut marks)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="73" />
        <source>A4に4枚（切り取り線つき）</source>
        <translation>Four on A4 (cut marks)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="74" />
        <source>カード（番号と時間だけ・目立たない）</source>
        <translation>Card (numbers and hours only, discreet)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="80" />
        <source>形式(&amp;F)</source>
        <translation>&amp;Format</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="82" />
        <source>相談者へのひとこと</source>
        <translation>A word for the client</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="86" />
        <source>ひとこと(&amp;M)</source>
        <translation>&amp;Message</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="88" />
        <source>相談者の名前（任意・保存されません）</source>
        <translation>Client's name (optional, never saved)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="89" />
        <source>任意。紹介票にだけ印刷し、保存しません</source>
        <translation>Optional. Printed on the slip only, never saved</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="90" />
        <source>お名前(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="99" />
        <source>PDFで保存(&amp;S)…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="100" />
        <source>PDFファイルとして保存</source>
        <translation>Save as a PDF file</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="101" />
        <source>印刷(&amp;P)</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="102" />
        <source>プリンターで印刷</source>
        <translation>Print on a printer</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="124" />
        <source>紹介票を保存</source>
        <translation>Save the referral slip</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="124" />
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="139" />
        <source>作成中…</source>
        <translation>Making…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="143" />
        <source>保存しました: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <source>印刷機能が見つかりません</source>
        <translation>Printing is not available</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="156" />
        <source>印刷中…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="179" />
        <source>印刷をやめました</source>
        <translation>Printing cancelled</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="184" />
        <source>印刷に送りました %1</source>
        <translation>Sent to the printer %1</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/slip_dialog.py" line="188" />
        <source>できませんでした: %1</source>
        <translation>Failed: %1</translation>
    </message>
<message><source>PDFを開く(&amp;O)</source><translation>&amp;Open PDF</translation></message><message><source>保存したPDFをビューアーで開く</source><translation>Open the saved PDF in a viewer</translation></message></context>
<context>
    <name>StatusController</name>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="122" />
        <source>データベースが壊れています（%1）。メモや登録は保存されません。バックアップから戻してください（tsunagi restore-backup）。</source>
        <translation>The database is damaged (%1). Notes and resources will not be saved. Restore a backup (tsunagi restore-backup).</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="154" />
        <source>未同期</source>
        <translation>never synced</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="156" />
        <source>%1 版%2（最終同期 %3）</source>
        <translation>%1 v%2 (last sync %3)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="164" />
        <source>事務所登録</source>
        <translation>Office</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="166" />
        <source>%1 %2件</source>
        <translation>%1: %2 services</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="169" />
        <source>データなし</source>
        <translation>No data</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="180" />
        <source>フィード「%1」の有効期限が切れています。情報が古い可能性があります。同期してください。</source>
        <translation>Feed “%1” has expired. The information may be out of date. Please sync.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="186" />
        <source>フィード「%1」は%2日間更新されていません。電話番号などが変わっている可能性があります。</source>
        <translation>Feed “%1” has not been updated for %2 days. Phone numbers may have changed.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="196" />
        <source>● オフライン（手元のデータで検索中）</source>
        <translation>● Offline (searching the local data)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="198" />
        <source>● オンライン</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="205" />
        <source>同期先のフィードが設定されていません</source>
        <translation>No feed is set up to sync</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="210" />
        <source>同期中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="224" />
        <source>同期しました</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/status_controller.py" line="237" />
        <source>同期できませんでした: %1</source>
        <translation>Sync failed: %1</translation>
    </message>
</context>
<context>
    <name>StatusView</name>
    <message>
        <location filename="../work/main/desktop/views/main_view.py" line="129" />
        <source>データの版と最終同期</source>
        <translation>Data versions and last sync</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/main_view.py" line="133" />
        <source>接続状態</source>
        <translation>Connection state</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/main_view.py" line="137" />
        <source>同期の進み具合</source>
        <translation>Sync progress</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/main_view.py" line="141" />
        <source>同期の状態</source>
        <translation>Sync state</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="61" />
        <source>「https://」で始まるアドレスを入力してください。</source>
        <translation>Enter an address that starts with “https://”.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="71" />
        <source>暗号化されていない http は使えません。「https://」のアドレスを入力してください。</source>
        <translation>Unencrypted http cannot be used. Enter an address that starts with “https://”.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="191" />
        <source>「{0}」は一つに決められません（{1}）。候補から選んでください。</source>
        <translation>“{0}” is ambiguous ({1}). Choose one of the suggestions.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="195" />
        <source>「{0}」という地域は見つかりません。市区町村名・よみ・コードで入力してください。</source>
        <translation>No region called “{0}”. Enter a municipality name, its reading or its code.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="202" />
        <source>USBメモリのデータを選ぶ</source>
        <translation>Choose the data on the USB stick</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="240" />
        <source>公開鍵が読めません（{0}）。</source>
        <translation>The public key cannot be read ({0}).</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="243" />
        <source>フィードの発行元から受け取った公開鍵を入力してください。</source>
        <translation>Enter the public key you received from the feed’s publisher.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="247" />
        <source>ファイルが見つかりません: {0}</source>
        <translation>File not found: {0}</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="295" />
        <source>フィードを追加できませんでした: {0}</source>
        <translation>The feed could not be added: {0}</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="302" />
        <source>フィード「{0}」を追加しました。次の同期で取り込みます。</source>
        <translation>Feed “{0}” added. It will be loaded at the next sync.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="325" />
        <source>USBメモリのデータを確かめています…</source>
        <translation>Checking the data on the USB stick…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="331" />
        <source>USBメモリのデータを取り込めませんでした: {0}</source>
        <translation>The data on the USB stick could not be loaded: {0}</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/controllers/welcome.py" line="339" />
        <source>USBメモリのデータを取り込みました（{0}）。</source>
        <translation>Loaded the data from the USB stick ({0}).</translation>
    </message>
<message>
        <source>tsunagi へようこそ</source>
        <translation>Welcome to tsunagi</translation>
    </message>
    <message>
        <source>はじめての設定</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <source>このパソコンに見本のデータ（全国の相談窓口と【デモ】の地域の窓口）を入れました。インターネットにつながっていなくても、すぐに検索できます。
はじめに、事務所の名前と、ふだん相談を受ける地域を教えてください。どれもあとから「設定」で変えられます。</source>
        <translation>Sample data (national hotlines and 【デモ】 local services) is already on this computer, so you can search at once, even offline.
First, tell us your office’s name and the region you usually serve. You can change both later in Settings.</translation>
    </message>
    <message>
        <source>事務所名</source>
        <translation>Office name</translation>
    </message>
    <message>
        <source>例: つなぎ相談室</source>
        <translation>e.g. Tsunagi counselling office</translation>
    </message>
    <message>
        <source>事務所名(&amp;O)</source>
        <translation>&amp;Office name</translation>
    </message>
    <message>
        <source>既定の地域</source>
        <translation>Default region</translation>
    </message>
    <message>
        <source>市区町村名・よみ・コード（例: だてし）</source>
        <translation>Municipality, reading or code (e.g. だてし)</translation>
    </message>
    <message>
        <source>既定の地域(&amp;R)</source>
        <translation>Default &amp;region</translation>
    </message>
    <message>
        <source>データを追加する（任意）</source>
        <translation>Add data (optional)</translation>
    </message>
    <message>
        <source>フィードのURL</source>
        <translation>Feed URL</translation>
    </message>
    <message>
        <source>フィードのURL(&amp;U)</source>
        <translation>Feed &amp;URL</translation>
    </message>
    <message>
        <source>フィードの公開鍵</source>
        <translation>Feed public key</translation>
    </message>
    <message>
        <source>発行元から受け取った「RW」で始まる1行</source>
        <translation>The line starting with “RW” from the publisher</translation>
    </message>
    <message>
        <source>公開鍵(&amp;K)</source>
        <translation>Public &amp;key</translation>
    </message>
    <message>
        <source>USBメモリのデータ</source>
        <translation>Data on a USB stick</translation>
    </message>
    <message>
        <source>（選ばれていません）</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <source>選ぶ(&amp;B)…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>取り込みの進み具合</source>
        <translation>Loading progress</translation>
    </message>
    <message>
        <source>始める</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>あとで設定する</source>
        <translation>Set up later</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="23" />
        <source>tsunagi へようこそ</source>
        <translation>Welcome to tsunagi</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="24" />
        <source>はじめての設定</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="30" />
        <source>このパソコンに見本のデータ（全国の相談窓口と【デモ】の地域の窓口）を入れました。インターネットにつながっていなくても、すぐに検索できます。
はじめに、事務所の名前と、ふだん相談を受ける地域を教えてください。どれもあとから「設定」で変えられます。</source>
        <translation>Sample data (national hotlines and 【デモ】 local services) is already on this computer, so you can search at once, even offline.
First, tell us your office’s name and the region you usually serve. You can change both later in Settings.</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="43" />
        <source>事務所名</source>
        <translation>Office name</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="44" />
        <source>例: つなぎ相談室</source>
        <translation>e.g. Tsunagi counselling office</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="45" />
        <source>事務所名(&amp;O)</source>
        <translation>&amp;Office name</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="50" />
        <source>既定の地域</source>
        <translation>Default region</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="51" />
        <source>市区町村名・よみ・コード（例: だてし）</source>
        <translation>Municipality, reading or code (e.g. だてし)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="52" />
        <source>既定の地域(&amp;R)</source>
        <translation>Default &amp;region</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="61" />
        <source>データを追加する（任意）</source>
        <translation>Add data (optional)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="64" />
        <source>フィードのURL</source>
        <translation>Feed URL</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="66" />
        <source>フィードのURL(&amp;U)</source>
        <translation>Feed &amp;URL</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="70" />
        <source>フィードの公開鍵</source>
        <translation>Feed public key</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="71" />
        <source>発行元から受け取った「RW」で始まる1行</source>
        <translation>The line starting with “RW” from the publisher</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="72" />
        <source>公開鍵(&amp;K)</source>
        <translation>Public &amp;key</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="83" />
        <location filename="../work/main/desktop/views/welcome_view.py" line="89" />
        <source>USBメモリのデータ</source>
        <translation>Data on a USB stick</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="84" />
        <source>（選ばれていません）</source>
        <translation>(none chosen)</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="85" />
        <source>選ぶ(&amp;B)…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="86" />
        <source>USBメモリのデータを選ぶ</source>
        <translation>Choose the data on the USB stick</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="99" />
        <source>取り込みの進み具合</source>
        <translation>Loading progress</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="105" />
        <source>始める</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../work/main/desktop/views/welcome_view.py" line="108" />
        <source>あとで設定する</source>
        <translation>Set up later</translation>
    </message>
</context>
</TS>