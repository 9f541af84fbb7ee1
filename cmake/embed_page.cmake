# Compile the review page (extractor/review/page.html) into C: two strings,
# review_page_head and review_page_tail, split at the line holding MARKER,
# where review_html.c writes the documents' data. Run as
#   cmake -DIN=page.html -DOUT=review_page.c -P embed_page.cmake
# Bytes are written as hex so that nothing in the page needs C escaping.
set(MARKER "<!-- zhx:documents -->")
file(READ "${IN}" page)
string(FIND "${page}" "${MARKER}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${IN}: no ${MARKER} line")
endif()
string(SUBSTRING "${page}" 0 ${at} head)
string(LENGTH "${MARKER}" mlen)
math(EXPR rest "${at} + ${mlen}")
string(SUBSTRING "${page}" ${rest} -1 tail)
string(REGEX REPLACE "^\n" "" tail "${tail}")
function(to_c name text out)
  string(HEX "${text}" hex)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" hex "${hex}")
  set(${out} "const char ${name}[] = {\n${hex}0x00};\n" PARENT_SCOPE)
endfunction()
to_c(review_page_head "${head}" chead)
to_c(review_page_tail "${tail}" ctail)
file(WRITE "${OUT}.new" "/* generated from ${IN} by cmake/embed_page.cmake: do not edit */\nextern const char review_page_head[];\nextern const char review_page_tail[];\n${chead}${ctail}")
file(COPY_FILE "${OUT}.new" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.new")
