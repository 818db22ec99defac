/**
 * The fetch-import response exactly as Qobra documents it (docs.qobra.co, "Fetch import"), kept
 * byte for byte, trailing newline included: the built CLI must serve it without reading files
 * outside the bundle, and a test checks it against the committed test/fixtures/fetch-import-example.json.
 */

export const DOCUMENTED_IMPORT_BODY = `{
  "data_import": {
    "id": "647a13fe875af4b4eb7133c2",
    "created_at": "2024-06-25T09:58:32Z",
    "launched_at": "2024-06-25T10:03:27Z",
    "finished_at": "2024-06-25T10:14:12Z",
    "status": "finished",
    "progress": 100,
    "data_tables_details": [
      {
        "type": "api",
        "status": "finished",
        "data_table_key": "companies",
        "progress": 100,
        "number_of_records": 122,
        "error": null
      },
      {
        "type": "api",
        "status": "finished",
        "data_table_key": "opportunities",
        "progress": 100,
        "number_of_records": null,
        "error": {
          "title": "ParsingError",
          "description": "Can't parse 'AAAAA' as float for user attribute amount",
          "parsing_error_details": [
            {
              "line_number": 1,
              "row": {
                "id": "1",
                "name": "Great opportunity",
                "user": "user@example.fr",
                "amount": "AAAAA"
              },
              "details": "ValueError: could not convert string to float: 'AAAAA'"
            }
          ]
        }
      }
    ]
  }
}
`;
